// Package trace reads invocation traces in the format of the Azure Functions
// public dataset of 2019 (Shahrad et al., "Serverless in the Wild", USENIX
// ATC 2020): a CSV file with one row per function, whose columns are
// HashOwner, HashApp, HashFunction and Trigger, then one column per minute
// of the day holding the number of times the function was invoked in that
// minute.
//
// It owns the file format only: what a row's counts become in time is the
// load package's business (load.Trace).
package trace
