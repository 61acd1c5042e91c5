package rnn

// forwardForced runs every layer over all steps, layer by layer, feeding the truth: the
// time-independent parts are one product over all rows, the recurrence runs step by step.
func (m *Model) forwardForced(n int) {
	steps := m.ws.steps
	rows := steps * n
	in := m.ws.u
	for _, l := range m.layers {
		l.pre(in, 0, rows)
		for t := 0; t < steps; t++ {
			l.step(t)
		}
		l.post(in, 0, rows)
		in = l.out()
	}
	m.readout(m.ws.u, in, 0, rows)
}

// backwardForced propagates ws.dp back through the layers after forwardForced.
func (m *Model) backwardForced(n int) {
	steps, d := m.ws.steps, m.cfg.D
	rows := steps * n
	top := m.layers[len(m.layers)-1]
	gemm(false, false, rows, m.outSize, d, 1, m.ws.dp, d, m.wo.Data, m.outSize, 0, top.dOut(), m.outSize)
	for i := len(m.layers) - 1; i >= 0; i-- {
		l := m.layers[i]
		in := m.layerInput(i, true)
		l.postBack(in, 0, rows)
		for t := steps - 1; t >= 0; t-- {
			l.stepBack(t)
		}
		if i > 0 { // the truth fed to the first layer needs no gradient
			l.preBack(m.layers[i-1].dOut(), 0, 0, rows)
		}
	}
}

// forwardFree runs all layers step by step, feeding at step t > 0 the truth where ws.mask is
// set and the prediction of step t−1 elsewhere.
func (m *Model) forwardFree(n int) {
	steps, d := m.ws.steps, m.cfg.D
	w := &m.ws
	for t := 0; t < steps; t++ {
		r0, r1 := t*n, (t+1)*n
		for r := r0; r < r1; r++ {
			if w.mask[r] {
				copy(w.fed[r*d:(r+1)*d], w.u[r*d:(r+1)*d])
			} else {
				copy(w.fed[r*d:(r+1)*d], w.pred[(r-n)*d:(r-n+1)*d])
			}
		}
		in := w.fed
		for _, l := range m.layers {
			l.pre(in, r0, r1)
			l.step(t)
			l.post(in, r0, r1)
			in = l.out()
		}
		m.readout(w.fed, in, r0, r1)
	}
}

// backwardFree propagates ws.dp back through forwardFree's steps in reverse. The gradient
// reaching a fed prediction is added to ws.dp of the step that made it, which is processed
// next, so ws.dp ends up holding the total gradient of every prediction.
func (m *Model) backwardFree(n int) {
	steps, d, h := m.ws.steps, m.cfg.D, m.outSize
	w := &m.ws
	top := m.layers[len(m.layers)-1]
	for t := steps - 1; t >= 0; t-- {
		r0, r1 := t*n, (t+1)*n
		gemm(false, false, n, h, d, 1, w.dp[r0*d:r1*d], d, m.wo.Data, h, 0, top.dOut()[r0*h:r1*h], h)
		df := w.dfed[r0*d : r1*d]
		if m.cfg.Residual {
			copy(df, w.dp[r0*d:r1*d])
		} else {
			clear(df)
		}
		for i := len(m.layers) - 1; i >= 0; i-- {
			l := m.layers[i]
			l.postBack(m.layerInput(i, false), r0, r1)
			l.stepBack(t)
			switch {
			case i > 0:
				l.preBack(m.layers[i-1].dOut(), 0, r0, r1)
			case w.free[t]: // only fed predictions pass the input gradient on
				l.preBack(w.dfed, 1, r0, r1)
			}
		}
		if t == 0 || !w.free[t] {
			continue
		}
		for r := r0; r < r1; r++ {
			if w.mask[r] {
				continue
			}
			src, dst := w.dfed[r*d:(r+1)*d], w.dp[(r-n)*d:(r-n+1)*d]
			for j, v := range src {
				dst[j] += v
			}
		}
	}
}
