using System.Reflection;
using NUnit.Framework;

namespace Stt.Testing.Categories;

/// <summary>
/// The four test categories, as <c>dotnet test --filter TestCategory=NAME</c> names them. Every test fixture carries
/// exactly one, so the categories together run everything and the fast command skips nothing by accident.
/// </summary>
public static class TestCategories
{
    /// <summary>Pure logic with fakes: the fast command.</summary>
    public const string Unit = "unit";

    /// <summary>The real engine, the service on a real Kestrel, server processes, the clients.</summary>
    public const string Integration = "integration";

    /// <summary>The published server, the container image, replicas behind load balancers, the manifests.</summary>
    public const string Deployment = "deployment";

    /// <summary>The web page in a real browser.</summary>
    public const string Browser = "browser";

    /// <summary>Every category.</summary>
    public static readonly IReadOnlyList<string> All = [Unit, Integration, Deployment, Browser];

    /// <summary>
    /// The test fixtures of <paramref name="tests"/> (concrete classes with a test method) that carry none or more than
    /// one of the four categories, with what they carry.
    /// </summary>
    public static IReadOnlyList<string> Misfiled(Assembly tests) =>
    [
        .. tests.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.GetMethods().Any(IsTest))
            .Select(type => (type, categories: type.GetCustomAttributes<CategoryAttribute>(inherit: true).Select(c => c.Name).Where(All.Contains).ToList()))
            .Where(fixture => fixture.categories.Count != 1)
            .Select(fixture => $"{fixture.type.FullName}: [{string.Join(", ", fixture.categories)}]"),
    ];

    private static bool IsTest(MethodInfo method) =>
        method.IsDefined(typeof(TestAttribute)) || method.IsDefined(typeof(TestCaseAttribute)) || method.IsDefined(typeof(TestCaseSourceAttribute));
}
