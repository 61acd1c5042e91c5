package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/warpkit/warpkit/ode"
)

func TestSystemsCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"systems"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, n := range ode.Names() {
		if !strings.Contains(out.String(), n) {
			t.Errorf("listing lacks %q", n)
		}
	}
	if !strings.Contains(out.String(), "m=0.03 [0.01,0.05]") {
		t.Errorf("listing lacks msd's mass default and range:\n%s", out.String())
	}
	out.Reset()
	if code := Run(context.Background(), []string{"systems", "--json", "lv"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var infos []systemInfo
	if err := json.Unmarshal(out.Bytes(), &infos); err != nil || len(infos) != 1 || infos[0].Params[1].Name != "b" {
		t.Fatalf("json listing: %v %+v", err, infos)
	}
	errb.Reset()
	if code := Run(context.Background(), []string{"systems", "nope"}, &out, &errb); code == 0 || !strings.Contains(errb.String(), "msd") {
		t.Fatalf("unknown system: exit %d, stderr %q", code, errb.String())
	}
}
