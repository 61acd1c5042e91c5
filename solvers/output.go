package solvers

// Outputs are written while stepping: requested times that fall inside an accepted step are
// filled from that step's continuous extension, so steps are never shortened to hit them.

// emitStart records the outputs that coincide with the initial time.
func (s *stepper) emitStart(t0 float64) {
	d := s.d
	if s.every {
		s.outT = append(s.outT, t0)
		s.outYs = append(s.outYs, s.y[:d]...)
		return
	}
	for s.next < len(s.times) && s.times[s.next] == t0 {
		copy(s.outY[s.next*d:(s.next+1)*d], s.y)
		s.next++
	}
}

// emitStep records the outputs in (t, tEnd] of the accepted step [t, tn] of size h;
// tEnd is tn unless a terminal event cut the step short.
func (s *stepper) emitStep(t, tn, tEnd, h float64) {
	d := s.d
	if s.every {
		if tEnd == tn {
			s.outT = append(s.outT, tn)
			s.outYs = append(s.outYs, s.y1[:d]...)
			return
		}
		n := len(s.outYs)
		s.outT = append(s.outT, tEnd)
		s.outYs = append(s.outYs, s.y1[:d]...)
		s.denseAt(t, h, (tEnd-t)/h, s.outYs[n:n+d])
		return
	}
	if s.fast != nil {
		s.emitERK4(t, tn, tEnd, h)
		return
	}
	times := s.times
	i := s.next
	if h > 0 {
		for i < len(times) && times[i] <= tEnd {
			s.emitOne(i, t, tn, h)
			i++
		}
	} else {
		for i < len(times) && times[i] >= tEnd {
			s.emitOne(i, t, tn, h)
			i++
		}
	}
	s.next = i
}

func (s *stepper) emitOne(i int, t, tn, h float64) {
	d := s.d
	row := s.outY[i*d : (i+1)*d : (i+1)*d]
	ti := s.times[i]
	if ti == tn {
		copy(row, s.y1)
		return
	}
	s.denseAt(t, h, (ti-t)/h, row)
}
