package warp

import (
	"runtime"
	"sync"
)

// minChunk is the fewest sequences worth a goroutine of their own: one sample's decoder is a
// few microseconds of work, so smaller chunks would cost more in scheduling than they save.
const minChunk = 32

// forSamples runs f over the sequences [0, n) in contiguous chunks, one goroutine and one
// decoder per chunk. Every sequence's result depends on that sequence alone, so the output
// is the same bytes whatever the number of goroutines.
func (m *Model) forSamples(n int, f func(dc *decoder, lo, hi int)) {
	w := min(runtime.GOMAXPROCS(0), n/minChunk)
	if w < 1 {
		w = 1
	}
	for len(m.decs) < w {
		m.decs = append(m.decs, m.newDecoder())
	}
	if w == 1 {
		f(m.decs[0], 0, n)
		return
	}
	var wg sync.WaitGroup
	for i := 0; i < w; i++ {
		wg.Add(1)
		go func(dc *decoder, lo, hi int) {
			defer wg.Done()
			f(dc, lo, hi)
		}(m.decs[i], i*n/w, (i+1)*n/w)
	}
	wg.Wait()
}
