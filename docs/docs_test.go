package docs

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// repoRoot is the module root: the folder above this package, which holds go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root %s: %v", root, err)
	}
	return root
}

// markdownFiles are the documents whose links must resolve: the README, everything in docs/,
// the benchmarks' notes and the READMEs beside the notebooks, the Python package and the
// examples. (Not a walk of the tree: a bench output folder in a working copy has READMEs too.)
func markdownFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"*.md", "docs/*.md", "benchmarks/*.md", "notebooks/*.md", "python/*.md", "examples/*/*.md"} {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	for _, want := range []string{"README.md", "docs/architecture.md", "docs/warp.md", "benchmarks/RESULTS.md"} {
		if !slices.Contains(files, filepath.Join(root, want)) {
			t.Errorf("%s is missing", want)
		}
	}
	return files
}

// Inline links [text](target "title") and images ![alt](target), and reference definitions
// [label]: target. Targets with spaces are not links in CommonMark unless in <>, which the
// documents do not use.
var (
	inlineLink = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	refLink    = regexp.MustCompile(`(?m)^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$`)
	// fence opens or closes a fenced code block, whose text is code, not links.
	fence = regexp.MustCompile("^\\s{0,3}(```|~~~)")
)

// links returns the link targets of a Markdown document with their line numbers, outside
// fenced code blocks and inline code spans.
func links(text string) (targets []string, lines []int) {
	inFence := false
	for i, line := range strings.Split(text, "\n") {
		if fence.MatchString(line) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		line = stripCodeSpans(line)
		for _, m := range inlineLink.FindAllStringSubmatch(line, -1) {
			targets, lines = append(targets, m[1]), append(lines, i+1)
		}
		for _, m := range refLink.FindAllStringSubmatch(line, -1) {
			targets, lines = append(targets, m[1]), append(lines, i+1)
		}
	}
	return targets, lines
}

// stripCodeSpans blanks `code` spans, where brackets and parentheses are not Markdown.
func stripCodeSpans(line string) string {
	var b strings.Builder
	in := false
	for _, r := range line {
		if r == '`' {
			in = !in
			continue
		}
		if !in {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// external reports a target that is not a path in the repository: a URL or an in-page anchor.
func external(target string) bool {
	if strings.HasPrefix(target, "#") {
		return true
	}
	scheme, _, ok := strings.Cut(target, ":")
	return ok && !strings.ContainsAny(scheme, "/.") && len(scheme) > 1
}

func TestLinksParser(t *testing.T) {
	// The parser the link check relies on, on the forms the documents use and the ones they
	// must not be confused by.
	text := "See [a](docs/a.md#x), ![p](img/p.png \"title\") and [u](https://x.org/y).\n" +
		"`[not](a link)` and\n```\n[also not](code.md)\n```\n[ref]: ../outside.md\n"
	got, lines := links(text)
	want := []string{"docs/a.md#x", "img/p.png", "https://x.org/y", "../outside.md"}
	if !slices.Equal(got, want) || !slices.Equal(lines, []int{1, 1, 1, 6}) {
		t.Fatalf("links = %q at lines %v, want %q at 1, 1, 1, 6", got, lines, want)
	}
	if !external("https://x.org/y") || !external("#anchor") || external("docs/a.md") || external("../x.md") {
		t.Fatal("external misclassifies a target")
	}
}

// TestRelativeLinksExist checks that every relative link in the README and the documents names
// a file or folder that exists inside the repository, so that a clone has everything a reader
// is sent to. A link that leaves the repository fails even when the file happens to exist on
// this machine.
func TestRelativeLinksExist(t *testing.T) {
	root := repoRoot(t)
	for _, file := range markdownFiles(t, root) {
		rel, _ := filepath.Rel(root, file)
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		targets, lines := links(string(text))
		for i, target := range targets {
			if external(target) {
				continue
			}
			path, _, _ := strings.Cut(target, "#")
			path, _, _ = strings.Cut(path, "?")
			if path == "" {
				continue
			}
			abs := filepath.Join(filepath.Dir(file), filepath.FromSlash(path))
			if strings.HasPrefix(path, "/") {
				abs = filepath.Join(root, filepath.FromSlash(path))
			}
			inside, err := filepath.Rel(root, abs)
			if err != nil || inside == ".." || strings.HasPrefix(inside, ".."+string(filepath.Separator)) {
				t.Errorf("%s:%d: link %q leaves the repository", rel, lines[i], target)
				continue
			}
			if _, err := os.Stat(abs); err != nil {
				t.Errorf("%s:%d: link %q: no such file in the repository (%s)", rel, lines[i], target, inside)
			}
		}
	}
}

// outsidePath finds a path that climbs out of the folder it is written in, as text or code.
var outsidePath = regexp.MustCompile("(^|[\\s(\\[`'\"=])\\.\\./")

// TestReadmeStaysInRepository checks that the README sends its reader to nothing outside the
// repository, in a link or in prose naming a path (`../shared/DESIGN.md` once stood for the
// design notes, which a clone does not have).
func TestReadmeStaysInRepository(t *testing.T) {
	root := repoRoot(t)
	text, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(text), "\n") {
		if outsidePath.MatchString(line) {
			t.Errorf("README.md:%d: names a path outside the repository: %s", i+1, strings.TrimSpace(line))
		}
	}
	if !outsidePath.MatchString("see `../shared/DESIGN.md`") || outsidePath.MatchString("see docs/warp.md and a..b") {
		t.Fatal("outsidePath misclassifies a path")
	}
}

// skipDir reports folders that hold no package of the module: hidden ones, testdata (which the
// go tool ignores), and folders the go tool skips by name.
func skipDir(name string) bool {
	return name != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules" || name == "vendor")
}

// TestEveryPackageHasComment walks the module (without go list, so it needs no toolchain
// beyond the test binary) and checks that every package has a package comment on one of its
// non-test files: "Package NAME ..." for a library, anything for a command (conventionally
// "Command NAME ..."). go doc shows that comment first; a package without one reads as if it
// had no purpose.
func TestEveryPackageHasComment(t *testing.T) {
	root := repoRoot(t)
	packages := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != root && skipDir(d.Name()) {
			return filepath.SkipDir
		}
		if path != root {
			// A folder with its own go.mod is another module.
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
		}
		entries, err := os.ReadDir(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		var name, doc string
		files := 0
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(path, n), nil, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				t.Errorf("%s: %v", filepath.Join(rel, n), err)
				continue
			}
			files++
			name = f.Name.Name
			if f.Doc != nil && doc == "" {
				doc = f.Doc.Text()
			}
		}
		if files == 0 {
			return nil
		}
		packages++
		switch {
		case doc == "":
			t.Errorf("%s: package %s has no package comment (add one to a doc.go or the main file)", rel, name)
		case name != "main" && !strings.HasPrefix(doc, "Package "+name+" "):
			t.Errorf("%s: package comment should start %q, got %q", rel, "Package "+name+" ", firstLine(doc))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if packages < 10 {
		t.Fatalf("found only %d packages under %s; the walk is broken", packages, root)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
