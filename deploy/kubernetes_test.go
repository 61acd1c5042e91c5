package deploy

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The Kubernetes objects as far as the manifests use them. Decoding is strict (KnownFields), so
// a misspelt field, which the API server would drop with at most a warning, fails the test.
type (
	header struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
	}
	metadata struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	}
	jobManifest struct {
		APIVersion string   `yaml:"apiVersion"`
		Kind       string   `yaml:"kind"`
		Metadata   metadata `yaml:"metadata"`
		Spec       jobSpec  `yaml:"spec"`
	}
	jobSpec struct {
		CompletionMode       string `yaml:"completionMode"`
		Completions          *int   `yaml:"completions"`
		Parallelism          *int   `yaml:"parallelism"`
		BackoffLimit         *int   `yaml:"backoffLimit"`
		BackoffLimitPerIndex *int   `yaml:"backoffLimitPerIndex"`
		PodFailurePolicy     *struct {
			Rules []struct {
				Action          string `yaml:"action"`
				OnPodConditions []struct {
					Type string `yaml:"type"`
				} `yaml:"onPodConditions"`
			} `yaml:"rules"`
		} `yaml:"podFailurePolicy"`
		Template struct {
			Metadata metadata `yaml:"metadata"`
			Spec     podSpec  `yaml:"spec"`
		} `yaml:"template"`
	}
	podSpec struct {
		RestartPolicy                 string `yaml:"restartPolicy"`
		TerminationGracePeriodSeconds *int   `yaml:"terminationGracePeriodSeconds"`
		SecurityContext               struct {
			FSGroup *int `yaml:"fsGroup"`
		} `yaml:"securityContext"`
		Containers []container `yaml:"containers"`
		Volumes    []volume    `yaml:"volumes"`
	}
	container struct {
		Name            string   `yaml:"name"`
		Image           string   `yaml:"image"`
		ImagePullPolicy string   `yaml:"imagePullPolicy"`
		Command         []string `yaml:"command"`
		Args            []string `yaml:"args"`
		Env             []struct {
			Name  string `yaml:"name"`
			Value string `yaml:"value"`
		} `yaml:"env"`
		Resources    resources `yaml:"resources"`
		VolumeMounts []struct {
			Name      string `yaml:"name"`
			MountPath string `yaml:"mountPath"`
			ReadOnly  bool   `yaml:"readOnly"`
		} `yaml:"volumeMounts"`
	}
	resources struct {
		Requests map[string]string `yaml:"requests"`
		Limits   map[string]string `yaml:"limits"`
	}
	volume struct {
		Name                  string `yaml:"name"`
		PersistentVolumeClaim *struct {
			ClaimName string `yaml:"claimName"`
		} `yaml:"persistentVolumeClaim"`
		ConfigMap *struct {
			Name string `yaml:"name"`
		} `yaml:"configMap"`
	}
	pvcManifest struct {
		APIVersion string   `yaml:"apiVersion"`
		Kind       string   `yaml:"kind"`
		Metadata   metadata `yaml:"metadata"`
		Spec       struct {
			AccessModes      []string  `yaml:"accessModes"`
			StorageClassName *string   `yaml:"storageClassName"`
			Resources        resources `yaml:"resources"`
		} `yaml:"spec"`
	}
)

// decodeStrict decodes the single YAML document in src into v, rejecting unknown fields.
func decodeStrict(file string, src []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	var more any
	if err := dec.Decode(&more); err == nil {
		return fmt.Errorf("%s: want one object, found a second document", file)
	}
	return nil
}

// readJob decodes a batch/v1 Job with one container.
func readJob(file string, src []byte) (jobSpec, container, error) {
	var h header
	if err := yaml.Unmarshal(src, &h); err != nil {
		return jobSpec{}, container{}, fmt.Errorf("%s: %w", file, err)
	}
	if h.APIVersion != "batch/v1" || h.Kind != "Job" {
		return jobSpec{}, container{}, fmt.Errorf("%s: want a batch/v1 Job, got %s %s", file, h.APIVersion, h.Kind)
	}
	var m jobManifest
	if err := decodeStrict(file, src, &m); err != nil {
		return jobSpec{}, container{}, err
	}
	if n := len(m.Spec.Template.Spec.Containers); n != 1 {
		return jobSpec{}, container{}, fmt.Errorf("%s: want one container, got %d", file, n)
	}
	return m.Spec, m.Spec.Template.Spec.Containers[0], nil
}

// flagValue returns the value after flag in args, and whether flag occurs exactly once.
func flagValue(args []string, flag string) (string, bool) {
	i := slices.Index(args, flag)
	if i < 0 || i+1 >= len(args) || slices.Index(args[i+1:], flag) >= 0 {
		return "", false
	}
	return args[i+1], true
}

// claimAt returns the persistent volume claim and the path inside it that p (a path in the
// container) lies on, or "" when p is on no claim.
func claimAt(ps podSpec, c container, p string) (claim, rel string) {
	best := ""
	for _, vm := range c.VolumeMounts {
		mp := path.Clean(vm.MountPath)
		if (p == mp || strings.HasPrefix(p, mp+"/")) && len(mp) > len(best) {
			for _, v := range ps.Volumes {
				if v.Name == vm.Name && v.PersistentVolumeClaim != nil {
					best, claim = mp, v.PersistentVolumeClaim.ClaimName
					rel = strings.TrimPrefix(strings.TrimPrefix(p, mp), "/")
				}
			}
		}
	}
	return claim, rel
}

// configMapAt reports whether p lies on a mounted ConfigMap.
func configMapAt(ps podSpec, c container, p string) bool {
	for _, vm := range c.VolumeMounts {
		if strings.HasPrefix(p, path.Clean(vm.MountPath)+"/") {
			for _, v := range ps.Volumes {
				if v.Name == vm.Name && v.ConfigMap != nil {
					return true
				}
			}
		}
	}
	return false
}

// dockerTag returns the tag the Dockerfile's header documents (`docker build ... -t TAG .`).
func dockerTag(dockerfile []byte) string {
	m := regexp.MustCompile(`(?m)^#\s+docker build .*-t (\S+)`).FindSubmatch(dockerfile)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// checkDockerfile lists what keeps the Dockerfile from building the static image the Jobs run.
func checkDockerfile(src []byte) []string {
	var probs []string
	var froms []string
	entry := ""
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "FROM":
			froms = append(froms, f[1])
		case "ENTRYPOINT":
			entry = strings.Join(f[1:], " ")
		}
	}
	if len(froms) < 2 {
		probs = append(probs, "Dockerfile: want a multi-stage build (a Go stage, then the runtime stage)")
	} else if last := froms[len(froms)-1]; last != "scratch" && !strings.Contains(last, "distroless/static") {
		probs = append(probs, fmt.Sprintf("Dockerfile: final stage %s is neither scratch nor distroless/static", last))
	}
	if !regexp.MustCompile(`(?m)^RUN .*CGO_ENABLED=0 go build .*\./cmd/warpkit`).Match(src) {
		probs = append(probs, "Dockerfile: no `CGO_ENABLED=0 go build ... ./cmd/warpkit`: the binary would need a libc the final stage lacks")
	}
	if !strings.Contains(entry, "warpkit") {
		probs = append(probs, "Dockerfile: ENTRYPOINT does not run warpkit, so the Jobs' args would not reach it")
	}
	if dockerTag(src) == "" {
		probs = append(probs, "Dockerfile: the header does not document the image tag (docker build ... -t TAG .)")
	}
	return probs
}

// checkKubernetes lists every disagreement between the shards Job, the report Job, the volume
// claim and the Dockerfile's image tag that would break a suite run on Kubernetes.
func checkKubernetes(shardsSrc, reportSrc, volumeSrc []byte, tag string) []string {
	var probs []string
	bad := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }

	sj, sc, err := readJob("shards.yaml", shardsSrc)
	if err != nil {
		return []string{err.Error()}
	}
	rj, rc, err := readJob("report.yaml", reportSrc)
	if err != nil {
		return []string{err.Error()}
	}
	var vm pvcManifest
	if err := decodeStrict("volume.yaml", volumeSrc, &vm); err != nil {
		return []string{err.Error()}
	}

	// The shards: one pod per index, all at once, each told how many there are.
	if sj.CompletionMode != "Indexed" {
		bad("shards.yaml: completionMode is %q, want Indexed (JOB_COMPLETION_INDEX names the shard)", sj.CompletionMode)
	}
	if sj.Completions == nil || *sj.Completions < 1 {
		bad("shards.yaml: completions must be a positive number of shards")
	} else {
		n := *sj.Completions
		if sj.Parallelism == nil || *sj.Parallelism != n {
			bad("shards.yaml: parallelism must equal completions (%d) so every shard runs at once", n)
		}
		var env []string
		for _, e := range sc.Env {
			if e.Name == "JOB_COMPLETIONS" {
				env = append(env, e.Value)
			}
		}
		if len(env) != 1 {
			bad("shards.yaml: want one JOB_COMPLETIONS env entry, got %d", len(env))
		} else if v, err := strconv.Atoi(env[0]); err != nil || v != n {
			bad("shards.yaml: JOB_COMPLETIONS is %q, want completions (%d): --shard auto divides the suite by it", env[0], n)
		}
	}
	// Retries per index and no counting of preemptions need restartPolicy Never.
	if sj.Template.Spec.RestartPolicy != "Never" {
		bad("shards.yaml: restartPolicy is %q, want Never (backoffLimitPerIndex and podFailurePolicy require it)", sj.Template.Spec.RestartPolicy)
	}
	if sj.BackoffLimitPerIndex == nil {
		bad("shards.yaml: no backoffLimitPerIndex: one shard's failures would use up the whole Job's retries")
	}
	ignoresDisruption := false
	if sj.PodFailurePolicy != nil {
		for _, r := range sj.PodFailurePolicy.Rules {
			for _, c := range r.OnPodConditions {
				if r.Action == "Ignore" && c.Type == "DisruptionTarget" {
					ignoresDisruption = true
				}
			}
		}
	}
	if !ignoresDisruption {
		bad("shards.yaml: podFailurePolicy does not Ignore DisruptionTarget: preemptions would count as failures")
	}

	// The command lines: the image's entrypoint is warpkit, so args start at the subcommand.
	for _, c := range []struct {
		file string
		c    container
	}{{"shards.yaml", sc}, {"report.yaml", rc}} {
		if len(c.c.Command) > 0 {
			bad("%s: command overrides the image's warpkit entrypoint", c.file)
		}
		if c.c.Image != tag {
			bad("%s: image %q is not the Dockerfile's documented tag %q", c.file, c.c.Image, tag)
		}
	}
	suite, okSuite := flagValue(sc.Args, "--suite")
	out, okOut := flagValue(sc.Args, "--out")
	shard, okShard := flagValue(sc.Args, "--shard")
	if len(sc.Args) == 0 || sc.Args[0] != "bench" || !okSuite || !okOut || !okShard || shard != "auto" {
		bad("shards.yaml: args %q, want bench --suite FILE --out DIR --shard auto", sc.Args)
	}
	if okSuite && !configMapAt(sj.Template.Spec, sc, suite) {
		bad("shards.yaml: the suite file %s is not on a mounted ConfigMap", suite)
	}
	if len(rc.Args) < 3 || rc.Args[0] != "bench" || rc.Args[1] != "report" || strings.HasPrefix(rc.Args[2], "-") {
		bad("report.yaml: args %q, want bench report DIR --out DIR2", rc.Args)
	}
	rout, okROut := flagValue(rc.Args, "--out")
	if !okROut {
		bad("report.yaml: args %q have no single --out", rc.Args)
	}

	// The shared folder: the report must read, on the same claim, the folder the shards write.
	if okOut && len(rc.Args) >= 3 {
		sClaim, sRel := claimAt(sj.Template.Spec, sc, path.Clean(out))
		rClaim, rRel := claimAt(rj.Template.Spec, rc, path.Clean(rc.Args[2]))
		switch {
		case sClaim == "":
			bad("shards.yaml: --out %s is on no persistent volume claim", out)
		case rClaim == "":
			bad("report.yaml: %s is on no persistent volume claim", rc.Args[2])
		case sClaim != rClaim || sRel != rRel:
			bad("report.yaml reads %s/%s but the shards write %s/%s", rClaim, rRel, sClaim, sRel)
		}
		if okROut {
			if c, _ := claimAt(rj.Template.Spec, rc, path.Clean(rout)); c == "" {
				bad("report.yaml: --out %s is on no persistent volume claim; the report would vanish with the pod", rout)
			}
		}
		if vm.Kind != "PersistentVolumeClaim" || vm.Metadata.Name != sClaim {
			bad("volume.yaml: want the PersistentVolumeClaim %q the Jobs mount, got %s %q", sClaim, vm.Kind, vm.Metadata.Name)
		} else if !slices.Contains(vm.Spec.AccessModes, "ReadWriteMany") {
			bad("volume.yaml: accessModes %q lack ReadWriteMany: shards on different nodes share the claim", vm.Spec.AccessModes)
		}
	}
	// The image runs as the distroless nonroot user; the volume must be writable by its group.
	for _, j := range []struct {
		file string
		ps   podSpec
	}{{"shards.yaml", sj.Template.Spec}, {"report.yaml", rj.Template.Spec}} {
		if g := j.ps.SecurityContext.FSGroup; g == nil || *g != 65532 {
			bad("%s: securityContext.fsGroup must be 65532 (distroless nonroot) to write the volume", j.file)
		}
	}
	return probs
}

func readDeployFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("kubernetes", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestKubernetesManifests checks the shipped manifests and Dockerfile.
func TestKubernetesManifests(t *testing.T) {
	docker := readDeployFile(t, "Dockerfile")
	for _, p := range checkDockerfile(docker) {
		t.Error(p)
	}
	for _, p := range checkKubernetes(readDeployFile(t, "shards.yaml"), readDeployFile(t, "report.yaml"),
		readDeployFile(t, "volume.yaml"), dockerTag(docker)) {
		t.Error(p)
	}
}

// TestKubernetesChecksCatch breaks the shipped manifests one field at a time and checks that
// the checks name each break, so TestKubernetesManifests cannot pass by checking nothing.
func TestKubernetesChecksCatch(t *testing.T) {
	docker := readDeployFile(t, "Dockerfile")
	shards, report, volume := readDeployFile(t, "shards.yaml"), readDeployFile(t, "report.yaml"), readDeployFile(t, "volume.yaml")
	tag := dockerTag(docker)
	cases := []struct {
		name           string
		file, old, new string // a replacement in shards.yaml, report.yaml, volume.yaml or Dockerfile
		want           string // a substring of the expected problem
	}{
		{"not indexed", "shards.yaml", "completionMode: Indexed", "completionMode: NonIndexed", "completionMode"},
		{"env off by one", "shards.yaml", "value: \"3\"", "value: \"4\"", "JOB_COMPLETIONS"},
		{"parallelism", "shards.yaml", "parallelism: 3", "parallelism: 2", "parallelism"},
		{"restart", "shards.yaml", "restartPolicy: Never", "restartPolicy: OnFailure", "restartPolicy"},
		{"no shard auto", "shards.yaml", "--shard, auto", "--shard, 0/3", "--shard auto"},
		{"other out", "shards.yaml", "/results/run,", "/results/other,", "the shards write"},
		{"other claim", "report.yaml", "claimName: warpkit-results", "claimName: scratch", "the shards write"},
		{"report args", "report.yaml", "[bench, report,", "[bench,", "bench report"},
		{"report image", "report.yaml", "image: " + tag, "image: other:1", "documented tag"},
		{"rwo", "volume.yaml", "[ReadWriteMany]", "[ReadWriteOnce]", "ReadWriteMany"},
		{"misspelt field", "shards.yaml", "backoffLimitPerIndex:", "backofLimitPerIndex:", "not found"},
		{"two documents", "report.yaml", "claimName: warpkit-results", "claimName: warpkit-results\n---\nkind: Job", "second document"},
		{"not a job", "report.yaml", "kind: Job", "kind: Pod", "batch/v1 Job"},
		{"cgo", "Dockerfile", "RUN CGO_ENABLED=0 go build", "RUN go build", "CGO_ENABLED=0"},
		{"libc base", "Dockerfile", "distroless/static-debian12:nonroot", "debian:12", "final stage"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string][]byte{"shards.yaml": shards, "report.yaml": report, "volume.yaml": volume, "Dockerfile": docker}
			if !bytes.Contains(files[c.file], []byte(c.old)) {
				t.Fatalf("%s no longer contains %q; update this case", c.file, c.old)
			}
			files[c.file] = bytes.Replace(files[c.file], []byte(c.old), []byte(c.new), 1)
			probs := checkDockerfile(files["Dockerfile"])
			probs = append(probs, checkKubernetes(files["shards.yaml"], files["report.yaml"], files["volume.yaml"], tag)...)
			if !slices.ContainsFunc(probs, func(p string) bool { return strings.Contains(p, c.want) }) {
				t.Errorf("breaking %s (%q -> %q) gave %q, want a problem mentioning %q", c.file, c.old, c.new, probs, c.want)
			}
		})
	}
}
