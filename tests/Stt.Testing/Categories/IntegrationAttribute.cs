using NUnit.Framework;

namespace Stt.Testing.Categories;

/// <summary>
/// Category <c>integration</c>: the real engine (Whisper, Silero), the service in-process on a real Kestrel, a server
/// process, or the clients against it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class IntegrationAttribute() : CategoryAttribute(TestCategories.Integration);
