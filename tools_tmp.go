package coldwire

import (
	_ "github.com/alicebob/miniredis/v2"
	_ "github.com/tsenart/vegeta/v12/lib"
	_ "go.uber.org/goleak"
	_ "go.yaml.in/yaml/v3"
	_ "golang.org/x/sys/unix"
	_ "gonum.org/v1/plot"
	_ "gonum.org/v1/plot/vg"
	_ "gonum.org/v1/plot/plotter"
)
