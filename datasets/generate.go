package datasets

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/warpkit/warpkit"
	"github.com/warpkit/warpkit/ode"
)

// GenerateOptions controls Generate. Results do not depend on Workers.
type GenerateOptions struct {
	Workers  int                   // goroutines for the solver; 0 means GOMAXPROCS
	Shard    Shard                 // part of every split to generate; zero value: all
	Progress func(done, total int) // trajectories finished so far, over all splits; may be nil
}

// splitSeed derives a split's seed from the spec seed and the split name, so adding a split
// or resizing one never changes another's trajectories.
func splitSeed(seed uint64, split string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(split))
	z := seed ^ h.Sum64()
	// splitmix64 finaliser: neighbouring seeds give unrelated streams.
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// trajRNG is trajectory i's own generator: its draws do not depend on which other
// trajectories are generated, which is what makes shards equal to slices of the whole.
func trajRNG(splitSeed uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(splitSeed, uint64(i)))
}

// Generate builds the dataset a spec describes (or one shard of it).
func Generate(ctx context.Context, spec *Spec, opt GenerateOptions) (*Dataset, error) {
	g, err := prepareGeneration(spec, opt)
	if err != nil {
		return nil, err
	}
	d := g.header()
	err = g.eachSplit(func(sp SplitSpec, lo, hi int, progress func(int)) error {
		s, err := generateSplit(ctx, g.c, g.sys, sp, lo, hi, g.times, opt.Workers, progress)
		if err != nil {
			return err
		}
		d.Splits[sp.Name] = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.Normalize()
	return d, nil
}

// generation is a validated spec ready to generate: the filled-in copy, its system, the YAML
// kept as provenance, the time grid and the options.
type generation struct {
	c     *Spec
	sys   *ode.System
	yml   string
	times []float64
	opt   GenerateOptions
}

func prepareGeneration(spec *Spec, opt GenerateOptions) (*generation, error) {
	if spec == nil {
		return nil, errors.New("datasets: nil spec")
	}
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	c := spec.Clone()
	c.fillDefaults()
	sys, err := c.Resolve()
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", c.Name, err)
	}
	yml, err := spec.YAML()
	if err != nil {
		return nil, err
	}
	if !opt.Shard.whole() {
		for _, sp := range c.Splits {
			if opt.Shard.Count > sp.N {
				return nil, fmt.Errorf("datasets: %s: shard %s: %d shards exceed the %d trajectories of split %s", c.Name, opt.Shard, opt.Shard.Count, sp.N, sp.Name)
			}
		}
	}
	return &generation{c: c, sys: sys, yml: yml, times: uniformTimes(c.T0, c.T1, c.Points), opt: opt}, nil
}

// header is the dataset without splits: names, states, parameters and provenance (with the
// rows of each split when this is a shard).
func (g *generation) header() *Dataset {
	d := &Dataset{
		Name:       g.c.Name,
		States:     append([]string(nil), g.sys.States...),
		ParamNames: paramNames(g.c, g.sys),
		Splits:     map[string]*Split{},
		Provenance: provenance(g.c, g.sys, g.yml, g.opt.Shard),
	}
	if !g.opt.Shard.whole() {
		for _, sp := range g.c.Splits {
			lo, hi := g.opt.Shard.rows(sp.N)
			d.Provenance["rows."+sp.Name] = fmt.Sprintf("%d:%d/%d", lo, hi, sp.N)
		}
	}
	return d
}

// eachSplit calls gen for each split's rows lo..hi (this shard's) in spec order, with a
// progress callback counting that split's finished trajectories into the overall total.
func (g *generation) eachSplit(gen func(sp SplitSpec, lo, hi int, progress func(int)) error) error {
	total := 0
	for _, sp := range g.c.Splits {
		lo, hi := g.opt.Shard.rows(sp.N)
		total += hi - lo
	}
	done := 0
	for _, sp := range g.c.Splits {
		lo, hi := g.opt.Shard.rows(sp.N)
		var progress func(int)
		if g.opt.Progress != nil {
			base := done
			progress = func(n int) { g.opt.Progress(base+n, total) }
		}
		if err := gen(sp, lo, hi, progress); err != nil {
			return fmt.Errorf("datasets: %s: split %s: %w", g.c.Name, sp.Name, err)
		}
		done += hi - lo
		if g.opt.Progress != nil {
			g.opt.Progress(done, total)
		}
	}
	return nil
}

// paramNames are the columns of Split.Params: the system's parameters, and for the repeat-copy
// task the cycle length.
func paramNames(c *Spec, sys *ode.System) []string {
	n := sys.ParamNames()
	if c.Kind == KindLVRepeat {
		n = append(n, "cycle_len")
	}
	return n
}

// generateSplit makes trajectories lo..hi-1 of one split.
func generateSplit(ctx context.Context, c *Spec, sys *ode.System, sp SplitSpec, lo, hi int, times []float64, workers int, progress func(int)) (*Split, error) {
	n, D, P, T := hi-lo, sys.Dim(), sys.NParams(), len(times)
	pd := make([]Dist, P)
	for j, q := range sys.Params {
		pd[j] = sp.Params[q.Name]
	}
	yd := make([]Dist, D)
	def := sys.Y0
	if len(def) != D {
		def = make([]float64, D)
	}
	for j, st := range sys.States {
		yd[j] = sp.Y0[st]
	}
	seed := splitSeed(c.Seed, sp.Name)
	params := make([]float64, n*P)
	y0 := make([]float64, n*D)
	var cycles []int
	if c.Kind == KindLVRepeat {
		cycles = make([]int, n)
	}
	for i := range n {
		r := trajRNG(seed, lo+i)
		for j := range P {
			params[i*P+j] = pd[j].sample(r, sys.Params[j].Default)
		}
		for j := range D {
			y0[i*D+j] = yd[j].sample(r, def[j])
		}
		if cycles != nil {
			rp := c.Repeat
			cycles[i] = rp.MinCycle + r.IntN(rp.MaxCycle-rp.MinCycle+1)
		}
	}
	s := &Split{Name: sp.Name, N: n, T: T, D: D, Times: times, Params: params, Y0: y0, X: make([]float64, n*T*D)}
	switch c.Kind {
	case KindSine:
		for i := range n {
			f, phi := params[i*P], params[i*P+1]
			for k, t := range times {
				s.X[i*T+k] = ode.SineSolution(f, phi, t)
			}
			y0[i] = s.X[i*T]
		}
		if progress != nil {
			progress(n)
		}
	default:
		if err := integrate(ctx, c, sys, y0, params, times, s.X, workers, progress); err != nil {
			return nil, err
		}
	}
	if cycles != nil {
		s.Params = repeatCopy(s, params, P, cycles, c.Repeat.Gap)
	}
	return s, nil
}

// repeatCopy turns each LV trajectory into the repeat-copy task in place: with L its cycle
// length, step k holds the LV state at step k mod (L+gap) when that is < L, else zeros. So the
// first L steps are the original, then gap zero steps, then the same L steps again, and so
// on until T. It returns the parameters with L appended as a last column, cycle_len.
func repeatCopy(s *Split, params []float64, P int, cycles []int, gap int) []float64 {
	T, D := s.T, s.D
	out := make([]float64, s.N*(P+1))
	buf := make([]float64, T*D)
	for i := range s.N {
		L := cycles[i]
		x := s.X[i*T*D : (i+1)*T*D]
		copy(buf, x[:L*D])
		for k := range T {
			ph := k % (L + gap)
			for j := range D {
				if ph < L {
					x[k*D+j] = buf[ph*D+j]
				} else {
					x[k*D+j] = 0
				}
			}
		}
		copy(out[i*(P+1):], params[i*P:(i+1)*P])
		out[i*(P+1)+P] = float64(L)
	}
	return out
}

// provenance records how the data were made; no clock time, so the same seed gives the same
// bytes.
func provenance(c *Spec, sys *ode.System, yml string, sh Shard) map[string]string {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	p := map[string]string{
		"kind":            c.Kind,
		"system":          sys.Name,
		"state_names":     strings.Join(sys.States, ","),
		"parameter_names": strings.Join(paramNames(c, sys), ","),
		"t0":              g(c.T0),
		"t1":              g(c.T1),
		"points":          strconv.Itoa(c.Points),
		"seed":            strconv.FormatUint(c.Seed, 10),
		"warpkit_version": warpkit.Version,
		"spec":            yml,
	}
	if c.Kind == KindSine {
		p["solver"] = "closed form sin(2*pi*f*t + phi)"
	} else {
		p["solver"] = c.Method
		p["rtol"] = g(c.RTol)
		p["atol"] = g(c.ATol)
	}
	if c.Kind == KindLVRepeat {
		r := c.Repeat
		p["repeat"] = fmt.Sprintf("cycle_len uniform on {%d..%d}, gap %d", r.MinCycle, r.MaxCycle, r.Gap)
	}
	for _, sp := range c.Splits {
		p["seed."+sp.Name] = strconv.FormatUint(splitSeed(c.Seed, sp.Name), 10)
		p["n."+sp.Name] = strconv.Itoa(sp.N)
		for _, q := range sys.Params {
			d := sp.Params[q.Name]
			if d.Dist == nil {
				d = fixed(q.Default)
			}
			p["params."+sp.Name+"."+q.Name] = d.String()
		}
		if c.Kind != KindSine {
			for j, st := range sys.States {
				d := sp.Y0[st]
				if d.Dist == nil {
					v := 0.0
					if len(sys.Y0) == sys.Dim() {
						v = sys.Y0[j]
					}
					d = fixed(v)
				}
				p["y0."+sp.Name+"."+st] = d.String()
			}
		}
	}
	if !sh.whole() {
		p["shard"] = sh.String()
	}
	return p
}
