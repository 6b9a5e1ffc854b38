package scenario

import "go.yaml.in/yaml/v3"

// pricingFields are the keys of platform.pricing. Writing either one
// prices the run; the other is then 0.
var pricingFields = []field{
	{key: "per_gb_second", set: func(d *decoder, n *yaml.Node, s *Scenario) {
		setPrice(d, n, &s.pricing().PerGBSecond)
	}},
	{key: "per_million_requests", set: func(d *decoder, n *yaml.Node, s *Scenario) {
		setPrice(d, n, &s.pricing().PerMillionRequests)
	}},
}

// pricing returns the scenario's price list, starting one if it has none.
func (s *Scenario) pricing() *Pricing {
	if s.Platform.Pricing == nil {
		s.Platform.Pricing = &Pricing{}
	}
	return s.Platform.Pricing
}

func setPrice(d *decoder, n *yaml.Node, dst *float64) {
	v, ok := d.number(n)
	if !ok {
		return
	}
	if v < 0 {
		d.errorf(n, "%s is not a price: want 0 or more", clip(n.Value))
		return
	}
	*dst = v
}
