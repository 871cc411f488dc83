using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stt.Server.Hosting;
using Stt.Testing;

namespace Stt.Server.Tests.Deploy;

/// <summary>
/// deploy/kubernetes, checked offline (no cluster runs here): each object strictly against the Kubernetes models, then
/// what no schema checks: selectors that find the pods, probes and services on ports the container has, a grace
/// period that covers the preStop sleep and the server's own shutdown, probes on the health services that behave as
/// a kubelet needs (<see cref="ProbeTests"/> runs them against a real server), autoscaling on a metric the server
/// exports.
/// </summary>
[Deployment]
public sealed class KubernetesManifestTests
{
    private static readonly Lazy<KubernetesManifests> Loaded = new(KubernetesManifests.Load);

    private static KubernetesManifests Manifests => Loaded.Value;

    private static IDictionary<string, string> PodLabels => Manifests.Deployment.Spec.Template.Metadata.Labels;

    [Test]
    public void Kustomization_ListsEveryManifestInTheFolder_AndEachLoadsStrictly()
    {
        var onDisk = Directory.GetFiles(KubernetesManifests.Folder, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");

        Assert.That(Manifests.Kustomization.Resources, Is.EquivalentTo(onDisk), "every file is applied, and only files that exist");
        Assert.That(Manifests.Objects.Select(o => o.GetType().Name), Is.EquivalentTo(new[]
        {
            nameof(V1ConfigMap), nameof(V1Deployment), nameof(V1Service), nameof(V1Service), nameof(V1PodDisruptionBudget), nameof(V2HorizontalPodAutoscaler),
        }));
        Assert.That(Manifests.Kustomization.SecretGenerator.SelectMany(g => g.Files).Select(f => f.Split('=')[^1]),
            Has.All.Matches<string>(f => File.Exists(Path.Combine(KubernetesManifests.Folder, f!))));
    }

    [Test]
    public void Strict_UnknownField_IsRejected()
    {
        // The strictness the other tests rely on: a misspelt field fails, it is not dropped.
        var misspelt = File.ReadAllText(Path.Combine(KubernetesManifests.Folder, "pdb.yaml")).Replace("maxUnavailable:", "maxUnavailabel:", StringComparison.Ordinal);

        Assert.That(() => KubernetesYaml.LoadAllFromString(misspelt, strict: true), Throws.Exception);
    }

    [Test]
    public void Selectors_OfTheDeploymentServicesAndBudget_MatchThePodLabels()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PodLabels, Is.SupersetOf(Manifests.Deployment.Spec.Selector.MatchLabels));
            foreach (var service in Manifests.Services)
            {
                Assert.That(PodLabels, Is.SupersetOf(service.Spec.Selector), service.Metadata.Name);
            }

            Assert.That(PodLabels, Is.SupersetOf(Manifests.Objects.OfType<V1PodDisruptionBudget>().Single().Spec.Selector.MatchLabels));
            Assert.That(PodLabels, Is.SupersetOf(Manifests.Deployment.Spec.Template.Spec.TopologySpreadConstraints.Single().LabelSelector.MatchLabels));
        });
    }

    [Test]
    public void Services_TargetContainerPorts_GrpcOnesSayH2c()
    {
        var ports = Manifests.Server.Ports.ToDictionary(p => p.Name, p => p.ContainerPort);
        var headless = Manifests.Services.Single(s => s.Spec.ClusterIP == "None");
        var regular = Manifests.Services.Single(s => s.Spec.ClusterIP != "None");

        Assert.Multiple(() =>
        {
            foreach (var port in Manifests.Services.SelectMany(s => s.Spec.Ports))
            {
                Assert.That(ports.Keys, Does.Contain(port.TargetPort.Value), $"service port {port.Name}");
                if (port.TargetPort.Value == "grpc")
                {
                    Assert.That(port.AppProtocol, Is.EqualTo("kubernetes.io/h2c"), "proxies must speak HTTP/2 cleartext to the gRPC port");
                }
            }

            Assert.That(headless.Spec.Ports.Select(p => p.TargetPort.Value), Is.EqualTo(new[] { "grpc" }), "the headless service is for gRPC clients");
            Assert.That(headless.Spec.PublishNotReadyAddresses, Is.Not.True, "only ready pods in DNS");
            Assert.That(regular.Spec.Ports.Select(p => p.TargetPort.Value), Is.EquivalentTo(new[] { "grpc", "http" }));
        });
    }

    [Test]
    public void Probes_UseGrpcHealthOnTheGrpcPort_ReadinessAndLivenessOnTheirServices()
    {
        var container = Manifests.Server;
        var ports = container.Ports.Select(p => p.ContainerPort).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(ports, Does.Contain(container.ReadinessProbe.Grpc.Port));
            Assert.That(ports, Does.Contain(container.LivenessProbe.Grpc.Port));
            Assert.That(container.Ports.Single(p => p.Name == "grpc").ContainerPort, Is.EqualTo(container.ReadinessProbe.Grpc.Port));
            Assert.That(container.ReadinessProbe.Grpc.Service, Is.AnyOf(string.Empty, ModelHealthExtensions.ServiceName), "turns NOT_SERVING while loading and draining");
            Assert.That(container.LivenessProbe.Grpc.Service, Is.EqualTo(ModelHealthExtensions.LivenessServiceName), "stays SERVING while draining");
            Assert.That(container.StartupProbe, Is.Null, "liveness already passes while the model loads");
        });
    }

    [Test]
    public void GracePeriod_CoversPreStopAndTheHostShutdown_WhichCoversTheDrain()
    {
        var pod = Manifests.Deployment.Spec.Template.Spec;
        var preStop = TimeSpan.FromSeconds(Manifests.Server.Lifecycle.PreStop.Sleep.Seconds);
        var (drain, hostShutdown) = ServerShutdown(Manifests.ServerEnvironment());
        var grace = TimeSpan.FromSeconds(pod.TerminationGracePeriodSeconds!.Value);

        TestContext.Out.WriteLine($"preStop {preStop.TotalSeconds} s + host shutdown {hostShutdown.TotalSeconds} s (drain {drain.TotalSeconds} s) <= grace {grace.TotalSeconds} s");
        Assert.Multiple(() =>
        {
            Assert.That(preStop, Is.GreaterThan(TimeSpan.Zero), "endpoints and proxies stop sending new calls before the drain begins");
            Assert.That(hostShutdown, Is.GreaterThan(drain), "the host waits for the drain, then stops Kestrel");
            Assert.That(grace, Is.GreaterThan(preStop + hostShutdown), "SIGKILL comes only after the server could have stopped by itself");
        });
    }

    [Test]
    public void Model_IsFetchedOnceIntoTheVolumeTheServerReads()
    {
        var pod = Manifests.Deployment.Spec.Template.Spec;
        var fetch = pod.InitContainers.Single();
        var environment = Manifests.ServerEnvironment();
        var cache = Manifests.Server.VolumeMounts.Single(m => m.Name == "models").MountPath;
        var modelKey = fetch.Env.Single(e => e.Name == "STT_MODEL").ValueFrom.ConfigMapKeyRef;

        Assert.Multiple(() =>
        {
            Assert.That(fetch.Image, Is.EqualTo(Manifests.Server.Image), "the same image: the same model catalogue and cache layout");
            Assert.That(fetch.VolumeMounts.Single(m => m.Name == "models").MountPath, Is.EqualTo(cache));
            Assert.That(fetch.Command, Does.Contain("pull").And.Contain(cache).And.Contain("$(STT_MODEL)"));
            Assert.That(Manifests.Config.Data, Does.ContainKey(modelKey.Key), "the init container fetches the model the server loads");
            Assert.That(environment.GetValueOrDefault("Stt__ModelCache") ?? DockerfileEnvironment()["Stt__ModelCache"], Is.EqualTo(cache), "Stt:ModelCache is the volume");
        });
    }

    [Test]
    public void Volumes_EveryMountHasAVolume_AndTheFilesystemIsReadOnly()
    {
        var pod = Manifests.Deployment.Spec.Template.Spec;
        var volumes = pod.Volumes.Select(v => v.Name).ToList();

        Assert.Multiple(() =>
        {
            foreach (var container in pod.Containers.Concat(pod.InitContainers))
            {
                Assert.That(volumes, Is.SupersetOf(container.VolumeMounts.Select(m => m.Name)), container.Name);
                Assert.That(container.SecurityContext.ReadOnlyRootFilesystem, Is.True, container.Name);
                Assert.That(container.Resources.Requests, Does.ContainKey("memory"), container.Name);
            }

            Assert.That(pod.SecurityContext.RunAsNonRoot, Is.True);
            Assert.That(pod.SecurityContext.RunAsUser, Is.EqualTo(1654), "the image's user (deploy/Dockerfile)");
            var keys = pod.Volumes.Single(v => v.Secret is not null).Secret.SecretName;
            Assert.That(Manifests.Kustomization.SecretGenerator.Select(g => g.Name), Does.Contain(keys), "the API key secret is generated");
            Assert.That(Manifests.ServerEnvironment()["Stt__Auth__ApiKeysFile"], Does.StartWith(Manifests.Server.VolumeMounts.Single(m => m.Name == "api-keys").MountPath + "/"));
        });
    }

    [Test]
    public void ContainerPorts_AreTheImagesListeningPorts()
    {
        var image = DockerfileEnvironment();

        Assert.Multiple(() =>
        {
            Assert.That(new Uri(image["Kestrel__Endpoints__Grpc__Url"].Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port,
                Is.EqualTo(Manifests.Server.Ports.Single(p => p.Name == "grpc").ContainerPort));
            Assert.That(new Uri(image["Kestrel__Endpoints__Web__Url"].Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port,
                Is.EqualTo(Manifests.Server.Ports.Single(p => p.Name == "http").ContainerPort));
            Assert.That(new Uri(image["Kestrel__Endpoints__Management__Url"].Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port,
                Is.EqualTo(Manifests.Server.Ports.Single(p => p.Name == "management").ContainerPort));
        });
    }

    [Test]
    public void Scraping_AndAutoscaling_UseTheServersMetricsEndpointAndStreamGauge()
    {
        var annotations = Manifests.Deployment.Spec.Template.Metadata.Annotations;
        var hpa = Manifests.Objects.OfType<V2HorizontalPodAutoscaler>().Single();
        var adapter = File.ReadAllText(Path.Combine(KubernetesManifests.Folder, "autoscaling", "prometheus-adapter-values.yaml"));

        Assert.Multiple(() =>
        {
            Assert.That(annotations["prometheus.io/scrape"], Is.EqualTo("true"));
            Assert.That(int.Parse(annotations["prometheus.io/port"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(Manifests.Server.Ports.Single(p => p.Name == "management").ContainerPort),
                "metrics are served on the management listener only");
            Assert.That(annotations["prometheus.io/path"], Is.EqualTo(TelemetryExtensions.MetricsPath));
            Assert.That(hpa.Spec.ScaleTargetRef.Kind, Is.EqualTo("Deployment"));
            Assert.That(hpa.Spec.ScaleTargetRef.Name, Is.EqualTo(Manifests.Deployment.Metadata.Name));
            Assert.That(hpa.Spec.Metrics.Single().Pods.Metric.Name, Is.EqualTo("stt_streams_active"), "the gauge the server exports (MetricsTests)");
            Assert.That(adapter, Does.Contain("seriesQuery: 'stt_streams_active{").And.Contain("as: stt_streams_active"), "prometheus-adapter serves it under that name");
            Assert.That(hpa.Spec.MinReplicas, Is.GreaterThanOrEqualTo(2), "a pod that drains has somewhere to send its streams");
            Assert.That(hpa.Spec.Behavior.ScaleDown.StabilizationWindowSeconds, Is.GreaterThanOrEqualTo(300), "scale down slowly: each removal moves streams");
            var budget = Manifests.Objects.OfType<V1PodDisruptionBudget>().Single();
            Assert.That(budget.Spec.MaxUnavailable?.Value, Is.EqualTo("1"));
        });
    }

    /// <summary>The drain timeout the pod configures, and the shutdown timeout the server's host derives from it (its own code).</summary>
    private static (TimeSpan Drain, TimeSpan HostShutdown) ServerShutdown(IReadOnlyDictionary<string, string> environment)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddGracefulShutdown();
        using var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<IOptions<ShutdownOptions>>().Value.DrainTimeout, provider.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    /// <summary>The ENV of the runtime stage of deploy/Dockerfile (KEY=VALUE pairs).</summary>
    private static Dictionary<string, string> DockerfileEnvironment()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Matches(text, @"^ENV\s+(.+)$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .SelectMany(m => System.Text.RegularExpressions.Regex.Matches(m.Groups[1].Value, @"(\w+)=(""[^""]*""|\S*)"))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"'));
    }
}
