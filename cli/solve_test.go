package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// runSolveCLI runs `warpkit solve args...` and returns the exit code, stdout and stderr.
func runSolveCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"solve"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// parseSolveCSV reads the command's CSV with encoding/csv and checks its shape.
func parseSolveCSV(t *testing.T, s string, header []string, rows int) [][]float64 {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(header, ",") {
		t.Fatalf("header %v, want %v", recs[0], header)
	}
	if len(recs)-1 != rows {
		t.Fatalf("%d rows, want %d", len(recs)-1, rows)
	}
	var vals [][]float64
	for _, r := range recs[1:] {
		row := make([]float64, len(r))
		for j, f := range r {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatal(err)
			}
			row[j] = v
		}
		vals = append(vals, row)
	}
	return vals
}

func TestSolveCommandMSD(t *testing.T) {
	code, out, errs := runSolveCLI("--system", "msd", "--param", "m=0.02", "--param", "k=5", "--y0", "0.5,0.25",
		"--t0", "0", "--t1", "2", "--points", "101", "--rtol", "1e-10", "--atol", "1e-12", "--stats")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := parseSolveCSV(t, out, []string{"t", "x", "v"}, 101)
	for i, r := range rows {
		wantT := 2 * float64(i) / 100
		x, v := ode.MSDSolution(0.02, 5, 0.1, 0.5, 0.25, r[0])
		if math.Abs(r[0]-wantT) > 1e-15 || math.Abs(r[1]-x) > 1e-8 || math.Abs(r[2]-v) > 1e-7 {
			t.Fatalf("row %d: %v, want t=%g x=%g v=%g", i, r, wantT, x, v)
		}
	}
	if !strings.Contains(errs, "accepted steps") || !strings.Contains(errs, "dp5") {
		t.Errorf("--stats printed %q", errs)
	}
}

func TestSolveCommandMethodsAndDefaults(t *testing.T) {
	// fixed-step RK4 backwards from t=1 to 0 on the harmonic oscillator
	code, out, errs := runSolveCLI("--system", "harmonic", "--method", "rk4", "--dt", "0.001", "--t0", "1", "--t1", "0", "--points", "11")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := parseSolveCSV(t, out, []string{"t", "x", "v"}, 11)
	if rows[0][0] != 1 || rows[10][0] != 0 {
		t.Errorf("grid runs %g..%g, want 1..0", rows[0][0], rows[10][0])
	}
	w := 2 * math.Pi
	if x, _ := ode.HarmonicSolution(w, 1, 0, -1); math.Abs(rows[10][1]-x) > 1e-6 {
		t.Errorf("x(0) from x(1)=1, v(1)=0: %g, want %g", rows[10][1], x)
	}
	// --dt with an adaptive method takes exactly those steps
	code, out, errs = runSolveCLI("--system", "msd", "--method", "dop853", "--dt", "0.01", "--points", "3", "--stats")
	if code != 0 || !strings.Contains(errs, " 100 accepted steps, 0 rejected") {
		t.Errorf("dop853 --dt 0.01: exit %d, stats %q", code, errs)
	}
	rows = parseSolveCSV(t, out, []string{"t", "x", "v"}, 3)
	if x, _ := ode.MSDSolution(0.03, 10, 0.1, 1, 0, 1); math.Abs(rows[2][1]-x) > 1e-9 {
		t.Errorf("dop853 at h = 0.01: x(1) = %g, want %g", rows[2][1], x)
	}
	// defaults: the system's time span, 256 points, Rodas5P for a stiff system
	code, out, errs = runSolveCLI("--system", "robertson", "--stats")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows = parseSolveCSV(t, out, []string{"t", "y1", "y2", "y3"}, 256)
	last := rows[255]
	if last[0] != 1e5 || math.Abs(last[1]+last[2]+last[3]-1) > 1e-6 || !strings.Contains(errs, "rodas5p") {
		t.Errorf("robertson default run ends %v (stats %q)", last, errs)
	}
}

func TestSolveCommandErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--system", "nope"}, "lorenz63"},
		{[]string{}, "--system is required"},
		{[]string{"--system", "msd", "--spec", "x.yaml"}, "only one of --system and --spec"},
		{[]string{"--spec", "no-such.yaml"}, "no-such.yaml"},
		{[]string{"--system", "msd", "--param", "q=1"}, "[m k c]"},
		{[]string{"--system", "msd", "--param", "m=abc"}, "not a number"},
		{[]string{"--system", "msd", "--param", "m"}, "name=value"},
		{[]string{"--system", "msd", "--method", "rk45"}, "dop853"},
		{[]string{"--system", "msd", "--method", "euler"}, "--dt"},
		{[]string{"--system", "msd", "--y0", "1"}, "2 states"},
		{[]string{"--system", "msd", "--y0", "1,x"}, "not a number"},
		{[]string{"--system", "msd", "--points", "1"}, "--points"},
		{[]string{"--system", "msd", "--rtol", "-1"}, "rtol"},
		{[]string{"--system", "msd", "--t1", "0"}, "--t0 and --t1"},
	}
	for _, c := range cases {
		code, out, errs := runSolveCLI(c.args...)
		if code == 0 {
			t.Errorf("%v: exit 0 (output %d bytes)", c.args, len(out))
			continue
		}
		if !strings.Contains(errs, c.want) {
			t.Errorf("%v: stderr %q does not mention %q", c.args, errs, c.want)
		}
	}
}
