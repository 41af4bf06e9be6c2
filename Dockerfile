# air780emu: one emulated Air780E-family module listening for a host on TCP.
# Multi-stage: build with the official Go image, run from distroless static
# as its non-root user (uid 65532). CGO is off, so the binary is static.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" \
    -o /out/air780emu ./cmd/air780emu

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/air780emu /usr/local/bin/air780emu
USER nonroot:nonroot
EXPOSE 7000
ENTRYPOINT ["/usr/local/bin/air780emu"]
CMD ["-port", "tcp://0.0.0.0:7000"]
