package netem_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/coldwire/coldwire/sim/dist"
	"github.com/coldwire/coldwire/sim/netem"
)

func ExampleNewLink() {
	link, err := netem.NewLink(netem.Config{
		RTT:    20 * time.Millisecond,
		Jitter: dist.Duration{Kind: dist.Uniform, Spread: time.Millisecond},
		DNS:    5 * time.Millisecond,
		Seed:   1,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer link.Close()
	fmt.Println(link.Stats().ConnsOpened)
	// Output: 0
}

func ExampleLink_Listen() {
	link, _ := netem.NewLink(netem.Config{RTT: 10 * time.Millisecond})
	defer link.Close()
	ln, err := link.Listen("echo.coldwire.test", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		io.Copy(c, c)
		c.Close()
	}()

	c, err := link.Dialer(link.NewResolver()).DialContext(context.Background(), "tcp", "echo.coldwire.test:"+port(ln))
	if err != nil {
		fmt.Println(err)
		return
	}
	start := time.Now()
	c.Write([]byte("ping"))
	buf := make([]byte, 4)
	io.ReadFull(c, buf)
	fmt.Println(string(buf), time.Since(start) >= 10*time.Millisecond)
	c.Close()
	// Output: ping true
}

func ExampleLink_Dialer() {
	link, _ := netem.NewLink(netem.Config{RTT: 10 * time.Millisecond, DNS: 2 * time.Millisecond})
	defer link.Close()
	ln, _ := link.Listen("api.coldwire.test", "")
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello")
	})}
	go srv.Serve(ln)
	defer srv.Close()

	// One resolver per emulated process: its DNS cache lives as long as it.
	tr := &http.Transport{DialContext: link.Dialer(link.NewResolver()).DialContext}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get("http://api.coldwire.test:" + port(ln) + "/")
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(strings.TrimSpace(string(body)))
	// Output: hello
}
