package luatlib

import "reflect"

// reflectPointer returns the address p points to (p is a pointer type).
func reflectPointer(p any) uintptr {
	return reflect.ValueOf(p).Pointer()
}
