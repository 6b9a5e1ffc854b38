package lifecycle

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// The AWS Lambda Runtime API's paths, as a Lambda custom runtime calls them.
const (
	apiNext      = "GET /2018-06-01/runtime/invocation/next"
	apiResponse  = "POST /2018-06-01/runtime/invocation/{id}/response"
	apiError     = "POST /2018-06-01/runtime/invocation/{id}/error"
	apiInitError = "POST /2018-06-01/runtime/init/error"
	requestIDKey = "Lambda-Runtime-Aws-Request-Id"
	// maxPayload is Lambda's limit on a synchronous response.
	maxPayload = 6 << 20
)

// runtimeAPI is one container's endpoint of the AWS Lambda Runtime API on a
// loopback port: its process long-polls it for the next invocation and
// posts each result back. Any other request, or a known path with another
// method, gets 404; an error document that is not JSON, or a
// Coldwire-Calls header that is not the bootstrap's, gets 400; a body over
// 6 MB gets 413: each with Lambda's error document as JSON. One per container, as each Lambda sandbox has
// its own, so no request needs to say which container it comes from.
type runtimeAPI struct {
	ln     net.Listener
	srv    *http.Server
	served chan error

	ready     chan struct{} // closed at the process's first /next
	readyOnce sync.Once
	initErr   chan runtimeError
	events    chan apiEvent
	results   chan apiResult
	done      chan struct{}
	// conns counts the connections still served: net/http lingers on one
	// whose request body was refused unread (up to half a second), after
	// Close has returned.
	conns sync.WaitGroup
}

type apiEvent struct {
	id   string
	body []byte
}

// apiResult is an invocation's outcome: body on success, err otherwise,
// and the calls the runtime recorded either way.
type apiResult struct {
	id    string
	body  []byte
	err   *runtimeError
	calls *nodeCalls
}

// runtimeError is the error document a runtime posts, as Lambda's, with
// Node's error code (ECONNRESET, ...) beside it.
type runtimeError struct {
	Type    string `json:"errorType"`
	Message string `json:"errorMessage"`
	Code    string `json:"errorCode,omitempty"`
}

func (e *runtimeError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Type, e.Message, e.Code)
	}
	return e.Type + ": " + e.Message
}

func newRuntimeAPI() (*runtimeAPI, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("lifecycle: runtime API: %w", err)
	}
	a := &runtimeAPI{
		ln:      ln,
		served:  make(chan error, 1),
		ready:   make(chan struct{}),
		initErr: make(chan runtimeError, 1),
		events:  make(chan apiEvent),
		results: make(chan apiResult, 1),
		done:    make(chan struct{}),
	}
	mux := http.NewServeMux()
	mux.HandleFunc(apiNext, a.next)
	mux.HandleFunc(apiResponse, a.response)
	mux.HandleFunc(apiError, a.failure)
	mux.HandleFunc(apiInitError, a.initFailure)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		apiFail(w, http.StatusNotFound, "unknown path "+r.Method+" "+r.URL.Path)
	})
	a.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ConnState: a.track}
	go func() { a.served <- a.srv.Serve(ln) }()
	return a, nil
}

// addr is the value of AWS_LAMBDA_RUNTIME_API.
func (a *runtimeAPI) addr() string { return a.ln.Addr().String() }

// next answers the process's long poll with the next invocation's event.
func (a *runtimeAPI) next(w http.ResponseWriter, r *http.Request) {
	a.readyOnce.Do(func() { close(a.ready) })
	select {
	case ev := <-a.events:
		w.Header().Set(requestIDKey, ev.id)
		w.Header().Set("Content-Type", "application/json")
		w.Write(ev.body)
	case <-a.done:
		apiFail(w, http.StatusGone, "the container is being reclaimed")
	case <-r.Context().Done():
	}
}

func (a *runtimeAPI) response(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPayload))
	if err != nil {
		apiFail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("response larger than %d bytes", maxPayload))
		return
	}
	calls, ok := readCalls(w, r)
	if ok {
		a.deliver(w, apiResult{id: r.PathValue("id"), body: body, calls: calls})
	}
}

func (a *runtimeAPI) failure(w http.ResponseWriter, r *http.Request) {
	e, ok := readError(w, r)
	if !ok {
		return
	}
	calls, ok := readCalls(w, r)
	if ok {
		a.deliver(w, apiResult{id: r.PathValue("id"), err: &e, calls: calls})
	}
}

// readCalls reads the Coldwire-Calls header; one that is not the
// bootstrap's JSON gets 400.
func readCalls(w http.ResponseWriter, r *http.Request) (*nodeCalls, bool) {
	calls, err := parseNodeCalls(r.Header.Get(callsKey))
	if err != nil {
		apiFail(w, http.StatusBadRequest, callsKey+" header: "+err.Error())
		return nil, false
	}
	return calls, true
}

func (a *runtimeAPI) initFailure(w http.ResponseWriter, r *http.Request) {
	e, ok := readError(w, r)
	if !ok {
		return
	}
	select {
	case a.initErr <- e:
	default:
	}
	w.WriteHeader(http.StatusAccepted)
}

// deliver hands a result to the waiting invocation. The buffer holds one:
// a result nobody waits for any more (its invocation was cancelled) is
// replaced, and the next invocation skips it by its id.
func (a *runtimeAPI) deliver(w http.ResponseWriter, res apiResult) {
	for {
		select {
		case a.results <- res:
			w.WriteHeader(http.StatusAccepted)
			return
		default:
		}
		select {
		case <-a.results:
		default:
		}
	}
}

func readError(w http.ResponseWriter, r *http.Request) (runtimeError, bool) {
	var e runtimeError
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPayload)).Decode(&e); err != nil {
		apiFail(w, http.StatusBadRequest, "error body: "+err.Error())
		return e, false
	}
	if e.Type == "" {
		e.Type = "Error"
	}
	return e, true
}

// apiFail answers a bad request with Lambda's error document.
func apiFail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(runtimeError{Type: http.StatusText(status), Message: msg})
}

func (a *runtimeAPI) close() {
	close(a.done)
	a.srv.Close()
	<-a.served
	a.conns.Wait()
}

func (a *runtimeAPI) track(_ net.Conn, state http.ConnState) {
	switch state {
	case http.StateNew:
		a.conns.Add(1)
	case http.StateClosed, http.StateHijacked:
		a.conns.Done()
	}
}
