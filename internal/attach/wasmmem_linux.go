//go:build linux

package attach

import (
	"sync"
	"syscall"

	"github.com/tetratelabs/wazero/experimental"
)

// mmapMemory backs a WebAssembly memory with address space reserved once for
// its maximum size: growing never copies (wazero's default grows a Go slice,
// leaving every smaller copy to the garbage collector, which let a 256 MiB
// memory cost about 1 GB of resident memory), and untouched pages cost
// nothing.
type mmapMemory struct {
	buf []byte
}

func (m *mmapMemory) Reallocate(size uint64) []byte {
	if m.buf == nil || size > uint64(len(m.buf)) {
		return nil
	}
	return m.buf[:size]
}

// Free gives the pages back at once but keeps the address range mapped until
// no PDF is being read: a document stopped at its deadline is closed from
// another goroutine while its code may still be running for a moment, and
// must then find zero pages rather than unmapped memory.
func (m *mmapMemory) Free() {
	if m.buf == nil {
		return
	}
	_ = syscall.Madvise(m.buf, syscall.MADV_DONTNEED)
	wasmMem.mu.Lock()
	wasmMem.retired = append(wasmMem.retired, m.buf)
	wasmMem.mu.Unlock()
	m.buf = nil
}

// wasmMem counts the PDFs being read and holds the memories freed meanwhile.
var wasmMem struct {
	mu       sync.Mutex
	inFlight int
	retired  [][]byte
}

// wasmMemBegin and wasmMemEnd bracket every use of PDFium; the last to end
// unmaps what was freed.
func wasmMemBegin() {
	wasmMem.mu.Lock()
	wasmMem.inFlight++
	wasmMem.mu.Unlock()
}

func wasmMemEnd() {
	wasmMem.mu.Lock()
	defer wasmMem.mu.Unlock()
	if wasmMem.inFlight--; wasmMem.inFlight > 0 {
		return
	}
	for _, b := range wasmMem.retired {
		_ = syscall.Munmap(b)
	}
	wasmMem.retired = nil
}

// wasmMemoryAllocator returns the allocator for PDFium's memory.
func wasmMemoryAllocator() experimental.MemoryAllocator {
	return experimental.MemoryAllocatorFunc(func(_, max uint64) experimental.LinearMemory {
		buf, err := syscall.Mmap(-1, 0, int(max), syscall.PROT_READ|syscall.PROT_WRITE,
			syscall.MAP_PRIVATE|syscall.MAP_ANON|syscall.MAP_NORESERVE)
		if err != nil {
			// Reallocate answers nil: the module fails to start, and the PDF
			// is reported as unreadable.
			return &mmapMemory{}
		}
		return &mmapMemory{buf: buf}
	})
}
