package main

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// composeFile is the part of docker-compose.yml the test reads.
type composeFile struct {
	Services map[string]struct {
		Build   any      `yaml:"build"`
		Image   string   `yaml:"image"`
		Command []string `yaml:"command"`
	} `yaml:"services"`
}

// TestComposeServicesCheck: docker is not available here, so each compose
// service's command is run with -check (which validates and binds nothing):
// all must exit 0, and the module service listens on tcp://0.0.0.0:7000.
func TestComposeServicesCheck(t *testing.T) {
	data, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cf composeFile
	if err := yaml.Unmarshal(data, &cf); err != nil {
		t.Fatal(err)
	}
	if len(cf.Services) == 0 {
		t.Fatal("no services")
	}
	sawTCP := false
	for name, svc := range cf.Services {
		if len(svc.Command) == 0 || svc.Image != "air780emu:dev" {
			t.Fatalf("service %s: want a command and image air780emu:dev", name)
		}
		out, errOut, code := runBinary(t, append(svc.Command, "-check")...)
		if code != 0 {
			t.Fatalf("service %s: %v -check: exit %d: %s", name, svc.Command, code, errOut)
		}
		if strings.Contains(out, "port: tcp://0.0.0.0:7000\n") {
			sawTCP = true
		}
	}
	if !sawTCP {
		t.Fatal("no service listens on tcp://0.0.0.0:7000")
	}
}

// TestDockerfile: multi-stage (the official Go image builds, a minimal
// base runs), static binary, non-root user, the TCP port by default.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(data)
	for _, want := range []string{
		"FROM golang:1.26 AS build", "CGO_ENABLED=0", "./cmd/air780emu",
		"FROM gcr.io/distroless/static-debian12:nonroot", "USER nonroot",
		`CMD ["-port", "tcp://0.0.0.0:7000"]`,
	} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if strings.Count(df, "\nFROM ") != 2 || !strings.HasPrefix(df[strings.Index(df, "\nFROM ")+1:], "FROM golang") {
		t.Error("want exactly two stages, the first from golang")
	}
}
