package luaos

import "slices"

// sortInt64 sorts ids in place.
func sortInt64(ids []int64) { slices.Sort(ids) }
