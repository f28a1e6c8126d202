package memstore_test

import (
	"testing"
	"time"

	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
	"github.com/tasktoken/tasktoken/tokenstore/tokenstoretest"
)

func TestConformance(t *testing.T) {
	tokenstoretest.Run(t, func(t *testing.T, clock func() time.Time) tokenstore.Store {
		return memstore.New(func(o *memstore.Options) { o.Clock = clock })
	})
}
