package tokenstoretest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tasktoken/tasktoken/sfnctx"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// The suite runs against users' stores in their CI, where a failure's
// message lands in a log. testify prints the values it compares in full,
// and its diff of a record ignores the record's String and Format methods,
// so the suite never hands testify a token: the checks in this file compare
// records and tokens themselves and show a token only as its placeholder.

// sameRecord checks got equals want in every field, as assert.Equal would,
// and on a difference names each field that differs, the token as its
// placeholder.
func sameRecord(t testing.TB, want, got *tokenstore.Record, msgAndArgs ...any) bool {
	t.Helper()
	switch {
	case want == nil && got == nil:
		return true
	case want == nil || got == nil:
		return assert.Fail(t, fmt.Sprintf("records differ: want %v, got %v",
			shownRecord(want), shownRecord(got)), msgAndArgs...)
	}
	var diffs []string
	w, g := reflect.ValueOf(*want), reflect.ValueOf(*got)
	for i := range w.NumField() {
		wf, gf := w.Field(i).Interface(), g.Field(i).Interface()
		if assert.ObjectsAreEqual(wf, gf) {
			continue
		}
		name := w.Type().Field(i).Name
		if name == "Token" {
			wf, gf = shownToken(want.Token), shownToken(got.Token)
		}
		diffs = append(diffs, fmt.Sprintf("%s: want %v, got %v", name, wf, gf))
	}
	if len(diffs) == 0 {
		return true
	}
	return assert.Fail(t, "records differ in "+strings.Join(diffs, "; "), msgAndArgs...)
}

// sameToken checks got is the token want, showing neither on a difference.
func sameToken(t testing.TB, want, got string, msgAndArgs ...any) bool {
	t.Helper()
	if want == got {
		return true
	}
	return assert.Fail(t, "tokens differ: want "+shownToken(want)+", got "+shownToken(got),
		msgAndArgs...)
}

// hidesToken checks text does not contain token, showing neither on a
// failure (the text would show the token).
func hidesToken(t testing.TB, text, token string, msgAndArgs ...any) bool {
	t.Helper()
	if token == "" || !strings.Contains(text, token) {
		return true
	}
	return assert.Fail(t, "the text shows "+shownToken(token), msgAndArgs...)
}

// shownToken is how a failure message shows a token.
func shownToken(token string) string {
	if token == "" {
		return `""`
	}
	return sfnctx.TokenPlaceholder(token)
}

// shownRecord is how a failure message shows a record that may be nil.
func shownRecord(r *tokenstore.Record) string {
	if r == nil {
		return "nil"
	}
	return "{" + r.String() + "}"
}
