//go:build !linux

package attach

import "github.com/tetratelabs/wazero/experimental"

// wasmMemoryAllocator returns nil: wazero's own allocator, bounded by the
// same page limit but growing by copying.
func wasmMemoryAllocator() experimental.MemoryAllocator { return nil }

func wasmMemBegin() {}
func wasmMemEnd()   {}
