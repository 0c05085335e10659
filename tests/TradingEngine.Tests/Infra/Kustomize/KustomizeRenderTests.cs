using System.Globalization;
using System.Text;
using TradingEngine.Cli;
using TradingEngine.Engine.Runtime;
using TradingEngine.Tests.Support;

namespace TradingEngine.Tests.Infra.Kustomize;

/// <summary>
/// The tested artifact of the deployment: <c>kubectl kustomize infra/kustomize/overlays/{dev,prod}</c>, parsed. Every
/// role and every executor group of pipelines/engine.yaml has its Deployment, probes hit the roles' health endpoints,
/// executors get whole cores, config and secrets are mounted where <see cref="ServeContract"/> says, NATS and
/// TimescaleDB are wired into the roles' arguments, and those arguments parse with today's <c>te</c> commands.
/// </summary>
public sealed class KustomizeRenderTests
{
    public static TheoryData<string> Overlays => new() { "overlays/dev", "overlays/prod" };

    private static string Repo => TestData.RepositoryRoot();

    private static EngineConfig Engine => EngineConfigLoader.LoadFile(Path.Combine(Repo, "pipelines", "engine.yaml"));

    private static YamlNode Container(YamlNode deployment) => deployment.At("spec/template/spec/containers").Named("te") is { Exists: true } c
        ? c
        : throw new Xunit.Sdk.XunitException($"{deployment.Path}: no container named 'te'");

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_role_and_every_executor_group_of_the_engine_config_has_one_deployment(string overlay)
    {
        var objects = KustomizeBuild.Render(overlay);
        foreach (var role in ServeContract.SingleRoles)
        {
            var deployments = objects.Roles(role);
            Assert.True(deployments.Count == 1, $"{overlay}: {deployments.Count} Deployments of role {role}, expected 1");
            Assert.Equal("1", deployments[0].At("spec/replicas").Str);
        }
        var groups = Engine.Executors.Select(e => e.Name).Order(StringComparer.Ordinal).ToList();
        var executors = objects.Roles(ServeContract.Executor);
        var deployed = executors.Select(d => ServeContract.Value(Container(d)["args"].Strings, "--group") ?? $"(no --group in {d.Path})")
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(groups.SequenceEqual(deployed),
            $"{overlay}: executor groups of pipelines/engine.yaml [{string.Join(", ", groups)}] but executor Deployments for [{string.Join(", ", deployed)}]");
        foreach (var d in executors)
        {
            var group = ServeContract.Value(Container(d)["args"].Strings, "--group")!;
            Assert.Equal($"te-executor-{group}", d.At("metadata/name").Text);
            Assert.Equal(group, d.At("spec/template/metadata/labels")["trading-engine/executor-group"].Str);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Probes_ask_healthz_and_readyz_on_the_metrics_port_the_role_serves(string overlay)
    {
        var objects = KustomizeBuild.Render(overlay);
        Assert.NotEmpty(objects.TeDeployments);
        foreach (var d in objects.TeDeployments)
        {
            var te = Container(d);
            var port = te["ports"].Named(ServeContract.MetricsPortName);
            Assert.True(port["containerPort"].Str == ServeContract.MetricsPort.ToString(CultureInfo.InvariantCulture),
                $"{port.Path}: containerPort must be {ServeContract.MetricsPort}, found '{port["containerPort"].Str}'");
            Assert.Equal(ServeContract.MetricsAddress, ServeContract.Value(te["args"].Strings, "--metrics"));
            foreach (var (probe, path) in new[] { ("livenessProbe", ServeContract.LivenessPath), ("readinessProbe", ServeContract.ReadinessPath), ("startupProbe", ServeContract.LivenessPath) })
            {
                var get = te[probe]["httpGet"];
                Assert.True(get["path"].Str == path && get["port"].Str == ServeContract.MetricsPortName,
                    $"{te.Path}.{probe}: expected GET {path} on port '{ServeContract.MetricsPortName}', found GET '{get["path"].Str}' on '{get["port"].Str}'");
            }
        }
    }

    /// <summary>
    /// The static CPU manager gives a Guaranteed pod exclusive cores the kubelet chooses; the config's <c>cpu: 1</c> of
    /// pipelines/engine.yaml need not be one of them (the executor would refuse to start). Each executor pins to what was
    /// granted (<c>--cpu granted</c>, docs/deployment.md).
    /// </summary>
    [Theory]
    [MemberData(nameof(Overlays))]
    public void Executors_pin_to_the_cores_the_cpu_manager_granted_not_to_the_configs_core_number(string overlay)
    {
        var executors = KustomizeBuild.Render(overlay).Roles(ServeContract.Executor);
        Assert.NotEmpty(executors);
        foreach (var d in executors)
        {
            var cpu = ServeContract.Value(Container(d)["args"].Strings, "--cpu");
            Assert.True(cpu == "granted", $"{d.Path}: an executor must pass --cpu granted (the kubelet chooses its cores), found '{cpu ?? "(none: the config's cpu:)"}'");
        }
    }

    /// <summary>
    /// An executor rescheduled on another node (its ReadWriteOnce volume stays behind) restores its group's snapshot
    /// from the bus: each executor keeps its snapshots locally (<c>--snapshots</c>) and in the bucket (docs/scaling.md).
    /// </summary>
    [Theory]
    [MemberData(nameof(Overlays))]
    public void Executors_keep_their_snapshots_on_the_bus_as_well_as_on_their_volume(string overlay)
    {
        foreach (var d in KustomizeBuild.Render(overlay).Roles(ServeContract.Executor))
        {
            var args = Container(d)["args"].Strings;
            Assert.True(ServeContract.Value(args, "--snapshot-bucket") == "TE_SNAPSHOTS", $"{d.Path}: --snapshot-bucket TE_SNAPSHOTS missing");
            Assert.True(ServeContract.Value(args, "--snapshots") is { Length: > 0 }, $"{d.Path}: --snapshot-bucket needs --snapshots DIR");
        }
    }

    /// <summary>
    /// An executor's stream and snapshot bucket have as many replicas as the overlay has NATS nodes (3 in prod, so the
    /// loss of one node loses nothing; 1 in dev, where R3 could not be placed).
    /// </summary>
    [Theory]
    [MemberData(nameof(Overlays))]
    public void Executor_streams_are_replicated_on_every_nats_node_of_the_overlay(string overlay)
    {
        var objects = KustomizeBuild.Render(overlay);
        var nodes = objects.ServiceAndWorkload("te-nats").Workload.At("spec/replicas").Text;
        foreach (var d in objects.Roles(ServeContract.Executor))
        {
            var replicas = ServeContract.Value(Container(d)["args"].Strings, "--stream-replicas") ?? "1";
            Assert.True(replicas == nodes, $"{overlay} {d.Path}: --stream-replicas {replicas}, the overlay runs {nodes} NATS nodes");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Executors_are_guaranteed_qos_in_whole_cpus_one_pod_at_a_time(string overlay)
    {
        var executors = KustomizeBuild.Render(overlay).Roles(ServeContract.Executor);
        Assert.NotEmpty(executors);
        foreach (var d in executors)
        {
            var pod = d.At("spec/template/spec");
            foreach (var c in pod["containers"].Items.Concat(pod["initContainers"].Items))
            {
                var requests = c.At("resources/requests");
                var limits = c.At("resources/limits");
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.True(limits[resource].Exists && requests[resource].Str == limits[resource].Str,
                        $"{c.Path}: Guaranteed QoS needs requests.{resource} == limits.{resource}, found '{requests[resource].Str}' and '{limits[resource].Str}'");
                }
                var cpu = limits["cpu"].Text;
                Assert.True(WholeCpus(cpu) is >= 1, $"{c.Path}: the static CPU manager gives exclusive cores only to whole CPUs, found cpu '{cpu}'");
            }
            Assert.Equal("1", d.At("spec/replicas").Str);
            Assert.True(d.At("spec/strategy/type").Str == "Recreate",
                $"{d.Path}: an executor must stop before its replacement starts (one engine per stream, a ReadWriteOnce journal): strategy Recreate, found '{d.At("spec/strategy/type").Str}'");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Executors_keep_apart_hard_in_prod_preferred_in_dev(string overlay)
    {
        var executors = KustomizeBuild.Render(overlay).Roles(ServeContract.Executor);
        foreach (var d in executors)
        {
            var anti = d.At("spec/template/spec/affinity/podAntiAffinity");
            var required = anti["requiredDuringSchedulingIgnoredDuringExecution"].Items;
            var preferred = anti["preferredDuringSchedulingIgnoredDuringExecution"].Items.Select(p => p["podAffinityTerm"]).ToList();
            var terms = overlay.EndsWith("prod", StringComparison.Ordinal) ? required : preferred;
            if (!overlay.EndsWith("prod", StringComparison.Ordinal))
                Assert.True(required.Count == 0, $"{anti.Path}: dev must not require anti-affinity (both groups must fit one node)");
            // a term that keeps this executor away from every other executor, by node
            Assert.True(terms.Any(t => t["topologyKey"].Str == "kubernetes.io/hostname" && executors.All(other =>
                    t.At("labelSelector/matchLabels").StringMap.All(l => other.At("spec/template/metadata/labels")[l.Key].Str == l.Value))),
                $"{anti.Path}: no {(terms == required ? "required" : "preferred")} term on kubernetes.io/hostname selecting every executor's pods");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Config_is_every_pipelines_file_mounted_at_etc_te_beside_engine_yaml(string overlay)
    {
        var objects = KustomizeBuild.Render(overlay);
        var configMap = objects.OfKind("ConfigMap").Single(c => c.At("metadata/name").Text.StartsWith("te-config-", StringComparison.Ordinal));
        var data = configMap["data"].StringMap;
        var pipelines = Path.Combine(Repo, "pipelines");
        var files = Directory.GetFiles(pipelines, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.SequenceEqual(data.Keys.Order(StringComparer.Ordinal)),
            $"te-config holds [{string.Join(", ", data.Keys.Order(StringComparer.Ordinal))}] but pipelines/ has [{string.Join(", ", files)}]: list every file in pipelines/Kustomization");
        foreach (var file in files)
            Assert.True(data[file!] == File.ReadAllText(Path.Combine(pipelines, file!)), $"te-config's {file} differs from pipelines/{file}");
        // engine.yaml finds what it names beside it, as in the repository
        var engine = Engine;
        foreach (var path in engine.Executors.SelectMany(e => e.Symbols).Select(s => s.Pipeline).Append(engine.InstrumentsPath))
        {
            var relative = Path.GetRelativePath(pipelines, Path.GetFullPath(path, pipelines));
            Assert.True(data.ContainsKey(relative), $"engine.yaml names {relative}, which /etc/te would not hold");
        }
        foreach (var d in objects.TeDeployments)
        {
            var volume = Mounted(d, ServeContract.ConfigDirectory);
            Assert.True(volume.At("configMap/name").Str == configMap.At("metadata/name").Text,
                $"{volume.Path}: {ServeContract.ConfigDirectory} must be the ConfigMap {configMap.At("metadata/name").Text}, found '{volume.At("configMap/name").Str}'");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Secrets_are_placeholder_files_under_etc_te_secrets_never_args_or_environment(string overlay)
    {
        var objects = KustomizeBuild.Render(overlay);
        var secret = objects.OfKind("Secret").Single(s => s.At("metadata/name").Text.StartsWith("te-secrets-", StringComparison.Ordinal));
        var name = secret.At("metadata/name").Text;
        var values = secret["data"].StringMap.ToDictionary(e => e.Key, e => Encoding.UTF8.GetString(Convert.FromBase64String(e.Value)));
        foreach (var (key, value) in values)
            Assert.True(value.Contains("REPLACE-ME", StringComparison.Ordinal), $"secret {key}: the repository holds placeholders only, marked REPLACE-ME");
        foreach (var d in objects.TeDeployments)
        {
            var volume = Mounted(d, ServeContract.SecretsDirectory);
            Assert.True(volume.At("secret/secretName").Str == name, $"{volume.Path}: {ServeContract.SecretsDirectory} must be the Secret {name}");
            var te = Container(d);
            Assert.True(!te["env"].Exists && !te["envFrom"].Exists, $"{te.Path}: a role takes no environment (secrets are files; options are args)");
            var args = te["args"].Strings;
            foreach (var file in args.Where(a => a.StartsWith(ServeContract.SecretsDirectory + "/", StringComparison.Ordinal)))
                Assert.True(values.ContainsKey(file[(ServeContract.SecretsDirectory.Length + 1)..]), $"{te.Path}: {file} is no key of the Secret {name}");
            foreach (var value in values.Values)
                Assert.DoesNotContain(args, a => a.Contains(value.Trim(), StringComparison.Ordinal));
        }
        // the servers read their keys of the same Secret
        foreach (var reference in objects.OfKind("StatefulSet").SelectMany(s => s.At("spec/template/spec/containers").Items)
                     .SelectMany(c => c["env"].Items).Select(e => e.At("valueFrom/secretKeyRef")).Where(r => r.Exists))
            Assert.True(reference["name"].Str == name && values.ContainsKey(reference["key"].Text), $"{reference.Path}: no key '{reference["key"].Str}' in Secret {name}");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Nats_and_timescaledb_services_are_wired_into_the_roles_args(string overlay)
    {
        var objects = KustomizeBuild.Render(overlay);
        foreach (var d in objects.TeDeployments)
        {
            var args = Container(d)["args"].Strings;
            var url = new Uri(ServeContract.Value(args, "--nats") ?? throw new Xunit.Sdk.XunitException($"{d.Path}: no --nats"));
            var (service, workload) = objects.ServiceAndWorkload(url.Host);
            Assert.Equal("StatefulSet", workload["kind"].Str);
            Assert.True(service.At("spec/ports").Items.Any(p => p["port"].Str == url.Port.ToString(CultureInfo.InvariantCulture)),
                $"{d.Path}: --nats {url} but Service {url.Host} has no port {url.Port}");
            Assert.Contains(workload.At("spec/template/spec/containers").Items.SelectMany(c => c["ports"].Items), p => p["containerPort"].Str == "4222");
            Assert.True(ServeContract.Value(args, "--nats-token-file") == $"{ServeContract.SecretsDirectory}/nats-token", $"{d.Path}: the NATS token comes from {ServeContract.SecretsDirectory}/nats-token");
        }
        var sink = objects.Roles("sink").Single();
        var sinkArgs = Container(sink)["args"].Strings;
        var pg = (ServeContract.Value(sinkArgs, "--pg") ?? throw new Xunit.Sdk.XunitException($"{sink.Path}: no --pg"))
            .Split(';').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        Assert.False(pg.ContainsKey("Password"), "the --pg connection string must not hold the password");
        var (pgService, database) = objects.ServiceAndWorkload(pg["Host"]);
        Assert.Contains(pgService.At("spec/ports").Items, p => p["port"].Str == pg["Port"]);
        var env = database.At("spec/template/spec/containers").Items[0]["env"];
        Assert.Equal(pg["Username"], env.Named("POSTGRES_USER")["value"].Str);
        Assert.Equal(pg["Database"], env.Named("POSTGRES_DB")["value"].Str);
        Assert.Equal($"{ServeContract.SecretsDirectory}/pg-password", ServeContract.Value(sinkArgs, "--pg-password-file"));
        Assert.True(database.At("spec/volumeClaimTemplates").Items.Count == 1, $"{database.Path}: TimescaleDB keeps its data on a PVC (volumeClaimTemplates)");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Nats_is_a_jetstream_cluster_of_three_in_prod_and_one_server_in_dev(string overlay)
    {
        var objects = KustomizeBuild.Render(overlay);
        var (_, nats) = objects.ServiceAndWorkload("te-nats");
        var name = nats.At("metadata/name").Text;
        var headless = nats.At("spec/serviceName").Text;
        Assert.Equal("None", objects.Single("Service", headless).At("spec/clusterIP").Str);
        var replicas = int.Parse(nats.At("spec/replicas").Text, CultureInfo.InvariantCulture);
        var configName = nats.At("spec/template/spec/volumes").Items.Select(v => v.At("configMap/name").Str).Single(n => n is not null)!;
        var conf = objects.Single("ConfigMap", configName)["data"]["nats.conf"].Text;
        Assert.Contains("jetstream", conf, StringComparison.Ordinal);
        if (overlay.EndsWith("prod", StringComparison.Ordinal))
        {
            Assert.Equal(3, replicas);
            for (var i = 0; i < replicas; i++)
                Assert.Contains($"nats://{name}-{i}.{headless}:6222", conf, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(1, replicas);
            Assert.DoesNotContain("routes", conf, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Role_args_follow_the_serve_contract_and_parse_with_todays_commands(string overlay)
    {
        var objects = KustomizeBuild.Render(overlay);
        var parsed = 0;
        foreach (var d in objects.TeDeployments)
        {
            var role = d.At("metadata/labels")["app.kubernetes.io/component"].Text;
            var args = Container(d)["args"].Strings;
            if (ServeContract.ExistingCommand(role, args, d.Path) is not { } today)
                continue; // te serve aggregator: no command runs it on main yet; the contract shape was checked
            var result = TeCommand.Build().Parse(today);
            Assert.True(result.Errors.Count == 0, $"{d.Path}: te {string.Join(' ', today)}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            parsed++;
        }
        Assert.True(parsed >= 4, $"{overlay}: only {parsed} role(s) parsed with an existing command");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Prometheus_scrapes_the_metrics_port_of_every_role_in_prod(string overlay)
    {
        var objects = KustomizeBuild.Render(overlay);
        var monitors = objects.OfKind("ServiceMonitor").ToList();
        if (!overlay.EndsWith("prod", StringComparison.Ordinal))
        {
            Assert.Empty(monitors); // K3s has no Prometheus Operator CRD: applying one would fail
            return;
        }
        var monitor = Assert.Single(monitors);
        Assert.Contains(monitor.At("spec/endpoints").Items, e => e["port"].Str == ServeContract.MetricsPortName && e["path"].Str == "/metrics");
        var selector = monitor.At("spec/selector/matchLabels").StringMap;
        foreach (var d in objects.TeDeployments)
        {
            var podLabels = d.At("spec/template/metadata/labels");
            var services = objects.OfKind("Service").Where(s => s.At("spec/selector").Exists
                && s.At("spec/selector").StringMap.All(l => podLabels[l.Key].Str == l.Value)).ToList();
            Assert.True(services.Any(s => selector.All(l => s.At("metadata/labels")[l.Key].Str == l.Value)
                                          && s.At("spec/ports").Named(ServeContract.MetricsPortName)["targetPort"].Str == ServeContract.MetricsPortName),
                $"{d.Path}: no Service the ServiceMonitor selects with a port '{ServeContract.MetricsPortName}' to its pods");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void State_lives_under_var_lib_te_executors_and_sink_on_their_own_claims(string overlay)
    {
        var objects = KustomizeBuild.Render(overlay);
        foreach (var d in objects.TeDeployments)
        {
            var volume = Mounted(d, ServeContract.StateDirectory);
            var args = Container(d)["args"].Strings;
            foreach (var option in new[] { "--journal", "--snapshots", "--sink-spill" })
            {
                if (ServeContract.Value(args, option) is { } path)
                {
                    Assert.True(path.StartsWith(ServeContract.StateDirectory + "/", StringComparison.Ordinal), $"{d.Path}: {option} {path} is not under {ServeContract.StateDirectory}");
                    var claim = volume.At("persistentVolumeClaim/claimName").Str;
                    Assert.True(claim is not null && objects.Find("PersistentVolumeClaim", claim) is not null,
                        $"{d.Path}: {option} writes to {ServeContract.StateDirectory}, which must be a PersistentVolumeClaim of its own, found {volume}");
                }
            }
        }
    }

    /// <summary>The pod volume mounted at <paramref name="mountPath"/> in the te container.</summary>
    private static YamlNode Mounted(YamlNode deployment, string mountPath)
    {
        var mount = Container(deployment)["volumeMounts"].Items.FirstOrDefault(m => m["mountPath"].Str == mountPath);
        Assert.True(mount.Exists, $"{deployment.Path}: nothing mounted at {mountPath}");
        var volume = deployment.At("spec/template/spec/volumes").Named(mount["name"].Text);
        Assert.True(volume.Exists, $"{deployment.Path}: no volume '{mount["name"].Str}' for {mountPath}");
        return volume;
    }

    /// <summary>Whole CPUs of a Kubernetes quantity ("2", "2000m"), or null when it is a fraction.</summary>
    private static int? WholeCpus(string quantity)
    {
        if (quantity.EndsWith('m') && int.TryParse(quantity[..^1], CultureInfo.InvariantCulture, out var milli))
            return milli % 1000 == 0 ? milli / 1000 : null;
        return int.TryParse(quantity, CultureInfo.InvariantCulture, out var whole) ? whole : null;
    }
}
