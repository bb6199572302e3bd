//go:build unix

package attach

import (
	"syscall"

	"github.com/tetratelabs/wazero/experimental"
)

// mmapMemory backs a WebAssembly memory with address space reserved once for
// its maximum size: growing never copies (wazero's default grows a Go slice,
// leaving every smaller copy to the garbage collector, which lets a 256 MiB
// memory cost about 1 GB of resident memory), untouched pages cost nothing,
// and Free gives everything back to the system at once.
type mmapMemory struct {
	buf []byte
}

func (m *mmapMemory) Reallocate(size uint64) []byte {
	if m.buf == nil || size > uint64(len(m.buf)) {
		return nil
	}
	return m.buf[:size]
}

func (m *mmapMemory) Free() {
	if m.buf != nil {
		_ = syscall.Munmap(m.buf)
		m.buf = nil
	}
}

// wasmMemoryAllocator returns the allocator for PDFium's memory.
func wasmMemoryAllocator() experimental.MemoryAllocator {
	return experimental.MemoryAllocatorFunc(func(_, max uint64) experimental.LinearMemory {
		buf, err := syscall.Mmap(-1, 0, int(max), syscall.PROT_READ|syscall.PROT_WRITE,
			syscall.MAP_PRIVATE|syscall.MAP_ANON|syscall.MAP_NORESERVE)
		if err != nil {
			// Reallocate answers nil: the module fails to start, which
			// ExtractText reports as an unreadable PDF.
			return &mmapMemory{}
		}
		return &mmapMemory{buf: buf}
	})
}
