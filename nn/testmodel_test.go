package nn

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
)

// linPred is the test file's SequenceModel: the next-step predictor x̂_{t+1} = W·u_t + b, where
// u_t is the truth (teacher forcing) or the previous prediction. Linear, so its least-squares
// optimum under full teacher forcing has a closed form to train towards.
type linPred struct {
	D    int
	W, B *Param
}

type linPredConfig struct {
	D    int    `json:"d"`
	Seed uint64 `json:"seed"`
}

func init() {
	Register("test-linear", func(raw json.RawMessage) (SequenceModel, error) {
		var c linPredConfig
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, err
		}
		return newLinPred(c.D, c.Seed), nil
	})
}

func newLinPred(d int, seed uint64) *linPred {
	m := &linPred{D: d, W: NewParam("w", d, d), B: NewParam("b", d)}
	InitUniform(m.W.Data, d, d, InitGlorot, rand.New(rand.NewPCG(seed, 0)))
	return m
}

func (m *linPred) Kind() string     { return "test-linear" }
func (m *linPred) Params() []*Param { return []*Param{m.W, m.B} }
func (m *linPred) Config() any      { return linPredConfig{D: m.D} }

func (m *linPred) step(u, p []float64) {
	LinearForward(p, u, m.W.Data, m.B.Data, 1, m.D, m.D)
}

func (m *linPred) Loss(s *Sequences, opt LossOptions, rng *rand.Rand) (float64, error) {
	if s.D != m.D {
		return 0, fmt.Errorf("test-linear: D %d, model %d", s.D, m.D)
	}
	D, T := m.D, s.T
	count := float64(s.N * (T - 1) * D)
	var total float64
	for n := 0; n < s.N; n++ {
		us := make([][]float64, T) // inputs u_0..u_{T-2}
		fed := make([]bool, T)     // u_t was the model's own prediction
		ps := make([][]float64, T) // predictions p_1..p_{T-1}
		us[0] = s.At(n, 0)
		for t := 0; t < T-1; t++ {
			if t > 0 {
				forced := t < opt.Context || rng.Float64() < opt.ForcingProb
				if forced {
					us[t] = s.At(n, t)
				} else {
					us[t], fed[t] = ps[t], true
				}
			}
			ps[t+1] = make([]float64, D)
			m.step(us[t], ps[t+1])
		}
		g := make([]float64, D) // ∂L/∂p_{t+1}, carried backwards
		for t := T - 2; t >= 0; t-- {
			direct := make([]float64, D)
			total += MSE(ps[t+1], s.At(n, t+1), direct, 1) * float64(D) / count
			for d := range g {
				g[d] += direct[d] * float64(D) / count
			}
			du := make([]float64, D)
			LinearBackward(du, m.W.Grad, m.B.Grad, g, us[t], m.W.Data, 1, D, D)
			if fed[t] {
				g = du
			} else {
				g = make([]float64, D)
			}
		}
	}
	return total, nil
}

func (m *linPred) Forecast(x *Sequences, context int) (*Sequences, error) {
	if context < 1 || context >= x.T {
		return nil, fmt.Errorf("test-linear: context %d", context)
	}
	out := &Sequences{N: x.N, T: x.T, D: x.D, X: append([]float64(nil), x.X...), Times: x.Times}
	for n := 0; n < x.N; n++ {
		for t := context; t < x.T; t++ {
			m.step(out.At(n, t-1), out.At(n, t))
		}
	}
	return out, nil
}

// linearData simulates x_{t+1} = A·x_t + c + noise, a system the model can represent.
func linearData(n, T int, a []float64, c []float64, noise float64, seed uint64) *Sequences {
	D := len(c)
	rng := rand.New(rand.NewPCG(seed, 2))
	s := &Sequences{N: n, T: T, D: D, X: make([]float64, n*T*D), Times: make([]float64, T)}
	for t := range s.Times {
		s.Times[t] = float64(t) / float64(T-1)
	}
	for i := 0; i < n; i++ {
		x := s.At(i, 0)
		for d := range x {
			x[d] = 2*rng.Float64() - 1
		}
		for t := 1; t < T; t++ {
			prev, cur := s.At(i, t-1), s.At(i, t)
			for r := 0; r < D; r++ {
				v := c[r] + noise*rng.NormFloat64()
				for k := 0; k < D; k++ {
					v += a[r*D+k] * prev[k]
				}
				cur[r] = v
			}
		}
	}
	return s
}

func paramsEqual(a, b []*Param) bool {
	for i := range a {
		for j := range a[i].Data {
			if math.Float64bits(a[i].Data[j]) != math.Float64bits(b[i].Data[j]) {
				return false
			}
		}
	}
	return true
}
