package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// k8sJob is the part of deploy/kubernetes's Jobs that reaches warpkit: the container's args
// and env, and the shard count. (deploy's own test checks the manifests against each other.)
type k8sJob struct {
	Spec struct {
		Completions int
		Template    struct {
			Spec struct {
				Containers []struct {
					Args []string
					Env  []struct{ Name, Value string }
				}
			}
		}
	}
}

func readK8sJob(t *testing.T, name string) k8sJob {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "deploy", "kubernetes", name))
	if err != nil {
		t.Fatal(err)
	}
	var j k8sJob
	if err := yaml.Unmarshal(b, &j); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(j.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("%s: want one container", name)
	}
	return j
}

// replaceFlag returns args with the value after flag replaced by v.
func replaceFlag(t *testing.T, args []string, flag, v string) []string {
	t.Helper()
	i := slices.Index(args, flag)
	if i < 0 || i+1 >= len(args) {
		t.Fatalf("args %q have no %s", args, flag)
	}
	out := slices.Clone(args)
	out[i+1] = v
	return out
}

// TestKubernetesShardArgs runs the shards Job's command line through warpkit as each pod of the
// Indexed Job would (JOB_COMPLETION_INDEX from Kubernetes, the rest of the env from the
// manifest), with --dry-run: together the pods must run every cell of a suite exactly once.
func TestKubernetesShardArgs(t *testing.T) {
	job := readK8sJob(t, "shards.yaml")
	c := job.Spec.Template.Spec.Containers[0]
	dir := t.TempDir()
	suite := filepath.Join(dir, "suite.yaml")
	if err := os.WriteFile(suite, []byte(`name: k8s-args
context: 20
seeds: [0, 1, 2]
budget: {steps: 10}
datasets:
  - {name: msd, builtin: msd, train: 16, val: 4, test: 4}
models:
  - {label: gru, kind: gru, hidden: 8, layers: 1}
  - {label: lstm, kind: lstm, hidden: 8, layers: 1}
  - {label: lru, kind: lru, hidden: 8, layers: 1}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	args := replaceFlag(t, c.Args, "--suite", suite)
	args = replaceFlag(t, args, "--out", filepath.Join(dir, "run"))
	args = append(args, "--dry-run")

	// A Slurm array's variables take precedence over Kubernetes'; a pod has none.
	for _, v := range []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"} {
		t.Setenv(v, "")
	}
	for _, e := range c.Env {
		t.Setenv(e.Name, e.Value)
	}
	row := regexp.MustCompile(`(?m)^(\S+)\s+(\S+)\s+(\d+)\s+10 steps`)
	seen := map[string]int{}
	for i := range job.Spec.Completions {
		t.Setenv("JOB_COMPLETION_INDEX", strconv.Itoa(i))
		var stdout, stderr bytes.Buffer
		if code := Run(context.Background(), args, &stdout, &stderr); code != 0 {
			t.Fatalf("pod %d: warpkit %s exited %d: %s", i, strings.Join(args, " "), code, stderr.String())
		}
		cells := row.FindAllStringSubmatch(stdout.String(), -1)
		if len(cells) == 0 {
			t.Errorf("pod %d of %d runs no cell:\n%s", i, job.Spec.Completions, stdout.String())
		}
		for _, m := range cells {
			key := m[1] + "/" + m[2] + "/" + m[3]
			if prev, dup := seen[key]; dup {
				t.Errorf("cell %s runs in pods %d and %d", key, prev, i)
			}
			seen[key] = i
		}
	}
	for _, model := range []string{"gru", "lstm", "lru"} {
		for seed := range 3 {
			if _, ok := seen["msd/"+model+"/"+strconv.Itoa(seed)]; !ok {
				t.Errorf("cell msd/%s/%d runs in no pod", model, seed)
			}
		}
	}
	if len(seen) != 9 {
		t.Errorf("the pods run %d cells, want 9: %v", len(seen), seen)
	}
}

// TestKubernetesReportArgs runs the report Job's command line with its folders moved to a
// temporary one holding no run: warpkit must accept the arguments (no usage error) and fail on
// the folder, naming it.
func TestKubernetesReportArgs(t *testing.T) {
	c := readK8sJob(t, "report.yaml").Spec.Template.Spec.Containers[0]
	if len(c.Args) < 3 || c.Args[0] != "bench" || c.Args[1] != "report" {
		t.Fatalf("report args %q, want bench report DIR --out DIR2", c.Args)
	}
	dir := t.TempDir()
	args := slices.Clone(c.Args)
	args[2] = filepath.Join(dir, "no-run")
	args = replaceFlag(t, args, "--out", filepath.Join(dir, "report"))
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), args, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), args[2]) {
		t.Errorf("warpkit %s exited %d (%s), want 1 and an error naming %s", strings.Join(args, " "), code, stderr.String(), args[2])
	}
}
