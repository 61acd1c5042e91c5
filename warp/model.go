package warp

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"

	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/physics"
)

// Model is a WARP network. It implements nn.SequenceModel; it keeps scratch space between
// calls, so one Model is not safe for concurrent use.
type Model struct {
	cfg    Config
	root   rootSpec
	d      int // channels
	du     int // width of the differenced input: d, plus 1 with the time channel
	nMean  int // root outputs feeding the mean: d, or the prior's NumRaw
	prior  physics.Prior
	squash squasher
	mean   []float64 // input standardisation (0 when none)
	std    []float64 // (1 when none)
	outStd []float64 // scale of a stochastic output's deviation
	init   initialState
	tr     transition
	b      *nn.Param // B, D×du
	bT     []float64 // Bᵀ, du×D, for the steps' B·du (see step)
	params []*nn.Param
	tape   tape
	decs   []*decoder    // one per goroutine, made on first use and reused
	pool   chan *decoder // decoders for the hooks of fused steps (see fused.go)
	pooled int           // how many decoders were put in pool
	fwdH   fwdStep       // hooks reused from step to step
	backH  backStep
}

func init() {
	build := func(kind string) nn.Builder {
		return func(raw json.RawMessage) (nn.SequenceModel, error) {
			var cfg Config
			if err := json.Unmarshal(raw, &cfg); err != nil {
				return nil, fmt.Errorf("warp: %s config: %w", kind, err)
			}
			if (kind == "warp-phys") != (cfg.Prior != nil) {
				return nil, fmt.Errorf("warp: %s config: a prior is required for warp-phys and not allowed for warp", kind)
			}
			return New(cfg)
		}
	}
	nn.Register("warp", build("warp"))
	nn.Register("warp-phys", build("warp-phys"))
}

// New builds a WARP model with freshly initialised weights; with cfg.Prior set it is WARP-Phys
// and the prior is rebuilt from its spec.
func New(cfg Config) (*Model, error) {
	var prior physics.Prior
	if cfg.Prior != nil {
		p, err := buildPrior(*cfg.Prior)
		if err != nil {
			return nil, fmt.Errorf("warp: config prior: %w", err)
		}
		prior = p
	}
	return newModel(cfg, prior)
}

// NewWithPrior builds WARP-Phys with a prior value, for priors that physics.Build does not
// know; cfg.Prior is set from the prior's Spec.
func NewWithPrior(cfg Config, prior physics.Prior) (*Model, error) {
	if prior == nil {
		return nil, fmt.Errorf("warp: NewWithPrior: nil prior")
	}
	spec := prior.Spec()
	cfg.Prior = &spec
	return newModel(cfg, prior)
}

func newModel(cfg Config, prior physics.Prior) (*Model, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	m := &Model{cfg: cfg, d: cfg.Dim, du: cfg.Dim, nMean: cfg.Dim, prior: prior}
	if cfg.TimeChan {
		m.du++
	}
	if prior != nil {
		if prior.Dim() != cfg.Dim {
			return nil, fmt.Errorf("warp: config prior: %s predicts %d states but dim is %d", prior.Name(), prior.Dim(), cfg.Dim)
		}
		if prior.NumRaw() < 1 {
			return nil, fmt.Errorf("warp: config prior: %s needs %d raw outputs", prior.Name(), prior.NumRaw())
		}
		m.nMean = prior.NumRaw()
	}
	m.squash, _ = cfg.squasher() // validated above
	act, _ := parseActivation(cfg.Activation)
	m.mean, m.std = make([]float64, m.d), make([]float64, m.d)
	for i := range m.std {
		m.std[i] = 1
	}
	copy(m.mean, cfg.Mean)
	copy(m.std, cfg.Std)
	m.outStd = m.std
	in := 1
	if cfg.RootInput == "tau+prev" {
		in += m.d
	}
	out := m.nMean
	if cfg.Stochastic {
		out += m.d
	}
	m.root = newRootSpec(in, cfg.RootWidth, cfg.RootDepth, out, act)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5741525020494e49)) // "WARP INI"
	var err error
	if m.init, err = newInitialState(cfg.Init, m.d, &m.root, act, rng); err != nil {
		return nil, err
	}
	m.tr = newTransition(cfg.Transition, cfg.AInit, m.root.size, cfg.Rank, cfg.ALRScale, rng)
	m.b = nn.NewParam("warp.B", m.root.size, m.du)
	m.params = append(append(m.init.params(), m.tr.params()...), m.b)
	return m, nil
}

// Kind is "warp-phys" with a prior and "warp" without.
func (m *Model) Kind() string {
	if m.prior != nil {
		return "warp-phys"
	}
	return "warp"
}

// Params lists φ (or θ_0), the transition A, then B.
func (m *Model) Params() []*nn.Param { return m.params }

// Config returns the Config (with defaults filled in) that rebuilds this architecture.
func (m *Model) Config() any { return m.cfg }

// NumWeights is D, the size of the root network's flattened weights θ_t.
func (m *Model) NumWeights() int { return m.root.size }

// WeightNames names every entry of θ after its place in the root network: l0.w[i,j] is the
// weight from input j to unit i of layer 0, l0.b[i] that unit's bias.
func (m *Model) WeightNames() []string { return m.root.names() }

// Prior is the physics prior of WARP-Phys, nil for plain WARP.
func (m *Model) Prior() physics.Prior { return m.prior }
