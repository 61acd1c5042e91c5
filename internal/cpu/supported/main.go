// Command supported prints the kernels (internal/cpu) this build runs on this CPU, one per
// line, the default first: scripts/test.sh runs the kernel-sensitive tests once per line.
package main

import (
	"fmt"

	"github.com/warpkit/warpkit/internal/cpu"
)

func main() {
	fmt.Println(cpu.Default())
	for _, k := range cpu.Supported() {
		if k != cpu.Default() {
			fmt.Println(k)
		}
	}
}
