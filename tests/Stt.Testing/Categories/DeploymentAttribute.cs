using NUnit.Framework;

namespace Stt.Testing.Categories;

/// <summary>
/// Category <c>deployment</c>: what <c>deploy/</c> ships: the published server, the container image (podman), several
/// replicas behind a load balancer (nginx, HAProxy) or the client's own, the Kubernetes manifests.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class DeploymentAttribute() : CategoryAttribute(TestCategories.Deployment);
