package experiment

import (
	"fmt"

	"github.com/coldwire/coldwire/sim/scenario"
	"github.com/coldwire/coldwire/sim/upstream"
)

// checkToken stands in for the database's token, which Run draws at random.
const checkToken = "check"

// Check makes, on s as the host runs it (dilated), the checks each layer
// makes when Run builds it: the link's, the database's, the platform's and
// the load's. It is how a command refuses a scenario before running any,
// and the one place both validating and running a file ask.
//
// The error, if any, is scenario.Errors, one per layer that refuses s, each
// at the scenario's file and line and matching scenario.ErrInvalid.
func Check(s scenario.Scenario) error {
	host := s.Dilated()
	var errs scenario.Errors
	refuse := func(layer string, err error) {
		if err != nil {
			errs = append(errs, &scenario.Error{File: s.File, Line: s.Line, Msg: fmt.Sprintf("scenario %s: %s: %v", s.Name, layer, err), Err: err})
		}
	}
	refuse("network", linkConfig(host).Validate())
	refuse("database", checkDatabase(host))
	refuse("platform", function(host).Validate())
	refuse("load", host.Plan().Validate())
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// checkDatabase runs the database's checks, which only building one makes.
func checkDatabase(s scenario.Scenario) error {
	cfg, err := upstreamConfig(s, checkToken)
	if err != nil {
		return err
	}
	db, err := upstream.New(cfg)
	if err != nil {
		return err
	}
	return db.Close()
}
