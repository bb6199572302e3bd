//go:build linux

package xlsx

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestPeakMemory measures the peak resident memory of Import and of a raw excelize read of the
// same 10,000-entry workbook, each in a fresh process (this test binary re-run as TestMemProbe)
// so that one does not inherit the other's heap. It reports and asserts nothing about the
// figures; run it with GONGKAI_PEAK_MEMORY=1 go test -run PeakMemory -v.
func TestPeakMemory(t *testing.T) {
	if os.Getenv("GONGKAI_PEAK_MEMORY") == "" {
		t.Skip("set GONGKAI_PEAK_MEMORY=1 to measure")
	}
	path := filepath.Join(t.TempDir(), "catalog-10k.xlsx")
	if err := os.WriteFile(path, workbook10k(t), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"none", "raw", "import"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMemProbe$", "-test.v")
		cmd.Env = append(os.Environ(), "GONGKAI_MEMPROBE="+mode, "GONGKAI_MEMPROBE_FILE="+path)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", mode, err, out)
		}
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Contains(line, "peak_rss") {
				t.Logf("%-6s %s", mode, strings.TrimSpace(line))
			}
		}
	}
}

// TestMemProbe is the child process of TestPeakMemory.
func TestMemProbe(t *testing.T) {
	mode := os.Getenv("GONGKAI_MEMPROBE")
	if mode == "" {
		t.Skip("run by TestPeakMemory")
	}
	data, err := os.ReadFile(os.Getenv("GONGKAI_MEMPROBE_FILE"))
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	switch mode {
	case "raw":
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: DefaultLimits().MaxUnzipSize, UnzipXMLSizeLimit: xmlInMemory})
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.Rows("社会救助")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			if _, err := rows.Columns(); err != nil {
				t.Fatal(err)
			}
		}
		_ = rows.Close()
		_ = f.Close()
	case "import":
		if _, err := Import(bytes.NewReader(data), int64(len(data)), Options{}); err != nil {
			t.Fatal(err)
		}
	}
	// VmHWM, not getrusage: the child is started with vfork, and ru_maxrss would include the
	// parent's peak, inherited across exec.
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	var hwm string
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			hwm = strings.TrimSpace(v)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("peak_rss=%s total_alloc=%.1fMiB heap_sys=%.1fMiB file=%.1fMiB\n",
		hwm, float64(ms.TotalAlloc)/(1<<20), float64(ms.HeapSys)/(1<<20), float64(len(data))/(1<<20))
}
