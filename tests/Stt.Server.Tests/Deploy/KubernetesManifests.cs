using k8s;
using k8s.Models;
using Stt.Testing;

namespace Stt.Server.Tests.Deploy;

/// <summary>
/// deploy/kubernetes read as the API server would read it: every resource the kustomization lists, strictly (an
/// unknown field or a wrong type fails), with KubernetesClient's models of the built-in kinds.
/// </summary>
public sealed class KubernetesManifests
{
    private KubernetesManifests(KustomizationFile kustomization, IReadOnlyList<object> objects)
    {
        Kustomization = kustomization;
        Objects = objects;
    }

    public static string Folder => Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes");

    public KustomizationFile Kustomization { get; }

    public IReadOnlyList<object> Objects { get; }

    public V1Deployment Deployment => Objects.OfType<V1Deployment>().Single();

    public V1Container Server => Deployment.Spec.Template.Spec.Containers.Single(c => c.Name == "stt");

    public IEnumerable<V1Service> Services => Objects.OfType<V1Service>();

    public V1ConfigMap Config => Objects.OfType<V1ConfigMap>().Single();

    public static KubernetesManifests Load()
    {
        var kustomization = (KustomizationFile)KubernetesYaml.LoadAllFromString(
            File.ReadAllText(Path.Combine(Folder, "kustomization.yaml")),
            new Dictionary<string, Type> { ["kustomize.config.k8s.io/v1beta1/Kustomization"] = typeof(KustomizationFile) },
            strict: true).Single();
        var objects = kustomization.Resources
            .SelectMany(file => KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Folder, file)), strict: true))
            .ToList();
        return new KubernetesManifests(kustomization, objects);
    }

    /// <summary>The server container's environment: its env, then the ConfigMaps it takes whole (what the pod sees).</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment()
    {
        var environment = new Dictionary<string, string>();
        foreach (var source in Server.EnvFrom ?? [])
        {
            var map = Objects.OfType<V1ConfigMap>().Single(m => m.Metadata.Name == source.ConfigMapRef.Name);
            foreach (var (key, value) in map.Data)
            {
                environment[key] = value;
            }
        }

        foreach (var variable in Server.Env ?? [])
        {
            environment[variable.Name] = variable.Value;
        }

        return environment;
    }

    /// <summary>kustomization.yaml, the fields this one uses (strict: any other field fails the test).</summary>
    public sealed class KustomizationFile
    {
        public string ApiVersion { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public List<LabelSet> Labels { get; set; } = [];

        public List<string> Resources { get; set; } = [];

        public List<Generator> SecretGenerator { get; set; } = [];

        public List<Image> Images { get; set; } = [];
    }

    public sealed class LabelSet
    {
        public Dictionary<string, string> Pairs { get; set; } = [];

        public bool IncludeSelectors { get; set; }
    }

    public sealed class Generator
    {
        public string Name { get; set; } = string.Empty;

        public List<string> Files { get; set; } = [];
    }

    public sealed class Image
    {
        public string Name { get; set; } = string.Empty;

        public string NewName { get; set; } = string.Empty;

        public string NewTag { get; set; } = string.Empty;
    }
}
