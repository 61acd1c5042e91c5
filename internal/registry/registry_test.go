package registry

import (
	"slices"
	"sync"
	"testing"
)

func TestMap(t *testing.T) {
	var r Map[int]
	if _, ok := r.Get("a"); ok || len(r.Names()) != 0 {
		t.Fatal("zero Map is not empty")
	}
	if !r.Add("b", 2) || !r.Add("a", 1) {
		t.Fatal("Add of a new name refused")
	}
	if r.Add("a", 10) {
		t.Fatal("Add of a taken name accepted")
	}
	if v, ok := r.Get("a"); !ok || v != 1 {
		t.Fatalf("Get(a) = %d, %v after a refused Add; want 1, true", v, ok)
	}
	r.Set("a", 3)
	if v, _ := r.Get("a"); v != 3 {
		t.Fatalf("Get(a) = %d after Set; want 3", v)
	}
	if got := r.Names(); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("Names %v, want [a b]", got)
	}
}

// Concurrent registration and lookup are safe (run with -race) and lose no entry.
func TestMapConcurrent(t *testing.T) {
	var r Map[int]
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Add(string(rune('a'+i)), i)
			r.Get("a")
			r.Names()
		}()
	}
	wg.Wait()
	if n := len(r.Names()); n != 8 {
		t.Fatalf("%d names after 8 concurrent Adds", n)
	}
}
