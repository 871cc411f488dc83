using NUnit.Framework;

namespace Stt.Testing.Categories;

/// <summary>
/// Category <c>unit</c>: pure logic, with fakes for the engine, the clock and the network; no model, no server, no
/// process. The fast command (<c>dotnet test --filter TestCategory=unit</c>) runs these before every commit.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class UnitAttribute() : CategoryAttribute(TestCategories.Unit);
