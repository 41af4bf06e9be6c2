package luaos

// CheckSyntax compiles one Lua source as the runtime would load it (CRLF
// accepted, BOM dropped) and returns the load error, if any: a Lua 5.3-only
// operator is reported as a *Lua53Error naming file, line and operator.
// cmd/ can use it for -check without booting a VM.
func CheckSyntax(file string, src []byte) error {
	_, err := compileProto(src, file, chunkName(file))
	return err
}
