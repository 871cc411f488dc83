using Stt.Server.Tests.Support;

namespace Stt.Server.Tests.Deploy;

/// <summary>After the deployment tests: the published app and the podman configuration they shared go.</summary>
[SetUpFixture]
public sealed class DeployTestsCleanup
{
    [OneTimeTearDown]
    public void Delete()
    {
        PublishedApp.Delete();
        Podman.DeleteConfig();
    }
}
