package progress

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// TestNewGivesATerminalTheBar opens a pseudo-terminal, as a terminal emulator does, and checks
// that its end is detected as a terminal and gets the bar form.
func TestNewGivesATerminalTheBar(t *testing.T) {
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	defer ptm.Close()
	fd := int(ptm.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Skipf("ptsname: %v", err)
	}
	pts, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open the terminal side: %v", err)
	}
	defer pts.Close()
	if !IsTerminal(pts) {
		t.Fatal("a pseudo-terminal is not detected as a terminal")
	}
	if _, ok := New(pts, false).(*Bar); !ok {
		t.Error("a terminal gets the bar form")
	}
	if _, ok := New(pts, true).(Nop); !ok {
		t.Error("quiet on a terminal gets no output")
	}
}
