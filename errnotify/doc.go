// Package errnotify publishes failure notices to Amazon SNS in a
// {source, description, ...} envelope that leads support straight to the
// execution and function involved.
package errnotify
