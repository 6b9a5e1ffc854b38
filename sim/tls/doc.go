// Package tls owns coldwire's TLS materials: an in-memory certificate
// authority created at start-up, the server certificate it signs, and the
// server and client configurations built on them. Clients trust the CA and
// never skip verification, so every handshake is the real one; the CA can be
// written as PEM for clients outside the process (curl --cacert,
// NODE_EXTRA_CA_CERTS).
//
// Importers usually alias it: simtls "github.com/coldwire/coldwire/sim/tls".
package tls
