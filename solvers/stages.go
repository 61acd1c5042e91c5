package solvers

// addStages adds h·Σ_l w[l]·k_l to out, the one combination every explicit Runge-Kutta stage,
// solution and dense-output coefficient is made of. Zero weights are skipped: the tableaus are
// sparse (DOP853's A is about half zeros), so skipping saves whole passes over the state.
func (s *stepper) addStages(out []float64, h float64, w []float64) {
	for l, wl := range w {
		if wl == 0 {
			continue
		}
		hw := h * wl
		kl := s.k[l][:len(out)]
		for j := range out {
			out[j] += hw * kl[j]
		}
	}
}

// stage evaluates explicit stage i of a step from (t, y): k_i = f(t + c·h, y + h·Σ_l a[l]·k_l),
// with the stage's state built in yt (len D), which keeps it.
func (s *stepper) stage(i int, t, h, c float64, a, yt []float64) {
	copy(yt, s.y[:len(yt)])
	s.addStages(yt, h, a)
	s.f(t+c*h, yt, s.p, s.k[i])
}
