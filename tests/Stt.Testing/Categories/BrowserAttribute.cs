using NUnit.Framework;

namespace Stt.Testing.Categories;

/// <summary>Category <c>browser</c>: the web page in a real browser (Chromium).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class BrowserAttribute() : CategoryAttribute(TestCategories.Browser);
