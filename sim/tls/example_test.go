package tls_test

import (
	"crypto/tls"
	"fmt"

	simtls "github.com/coldwire/coldwire/sim/tls"
)

func ExampleNewAuthority() {
	a, err := simtls.NewAuthority("redis.coldwire.test")
	if err != nil {
		panic(err)
	}
	server := a.ServerConfig(simtls.ServerOptions{MinVersion: tls.VersionTLS13, SessionTickets: true})
	// Node's https.Agent keeps 100 sessions by default.
	client := a.ClientConfig(simtls.ClientOptions{ServerName: "redis.coldwire.test", SessionCacheSize: 100})
	fmt.Println(simtls.VersionName(server.MinVersion), client.InsecureSkipVerify, a.Hosts())
	// Output: 1.3 false [localhost redis.coldwire.test]
}
