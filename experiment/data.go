package experiment

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/warpkit/warpkit/datasets"
	"github.com/warpkit/warpkit/nn"
)

// Data is a dataset opened for training: its train and validation trajectories as sequences
// and the channel statistics of the trajectories trained on.
type Data struct {
	Set        *datasets.Dataset
	Train, Val *nn.Sequences // Val is nil when there is nothing to validate on
	// ValFrom says where Val came from: "file" (the file's val split), "train" (held out of
	// the train split by ValSplit) or "" (none).
	ValFrom   string
	Mean, Std []float64
}

// valCarveSeed fixes which trajectories a held-out validation set takes, whatever the run's
// seed, so that runs with different seeds train on the same trajectories.
const valCarveSeed = 0x76616c

// NewData prepares ds for training: its val split validates when it has one; otherwise the
// fraction valSplit of the train split (at least one trajectory, and never all of them) is
// held out, chosen by a fixed shuffle, both parts keeping the file's order.
func NewData(ds *datasets.Dataset, valSplit float64) (*Data, error) {
	// A system the file defines by equations becomes known by name, for system: priors.
	if err := datasets.RegisterSystem(ds.Provenance); err != nil {
		return nil, err
	}
	train, err := SplitSequences(ds, "train")
	if err != nil {
		return nil, err
	}
	d := &Data{Set: ds, Train: train}
	if _, ok := ds.Splits["val"]; ok {
		if d.Val, err = SplitSequences(ds, "val"); err != nil {
			return nil, err
		}
		if d.Val.D != train.D {
			return nil, fmt.Errorf("val has %d states, train %d", d.Val.D, train.D)
		}
		d.ValFrom = "file"
	} else if valSplit > 0 && train.N >= 2 {
		nVal := min(max(1, int(valSplit*float64(train.N)+0.5)), train.N-1)
		perm := rand.New(rand.NewPCG(valCarveSeed, uint64(train.N))).Perm(train.N)
		valIdx, trainIdx := slices.Clone(perm[:nVal]), slices.Clone(perm[nVal:])
		slices.Sort(valIdx)
		slices.Sort(trainIdx)
		d.Val = nn.Gather(nil, train, valIdx)
		d.Train = nn.Gather(nil, train, trainIdx)
		d.ValFrom = "train"
	}
	d.Mean, d.Std = ChannelStats(d.Train)
	return d, nil
}

// Info is what building a model needs of the data.
func (d *Data) Info() DataInfo {
	return DataInfo{Name: d.Set.Name, D: d.Train.D, T: d.Train.T, Mean: d.Mean, Std: d.Std, States: d.Set.States}
}

// SplitSequences views a dataset split as nn's batch type (sharing its storage).
func SplitSequences(ds *datasets.Dataset, name string) (*nn.Sequences, error) {
	s, err := ds.Split(name)
	if err != nil {
		return nil, err
	}
	seq := &nn.Sequences{N: s.N, T: s.T, D: s.D, X: s.X, Times: s.Times}
	if err := nn.CheckSequences(seq, "split "+name, nn.SequenceRules{}); err != nil {
		return nil, err
	}
	return seq, nil
}

// ChannelStats is the per-state mean and standard deviation over every trajectory and time
// point of s, as datasets computes them for a split, with a constant channel given std 1 so
// that scaling by it is harmless. It is the one place models get their normalisation from.
func ChannelStats(s *nn.Sequences) (mean, std []float64) {
	n := datasets.ComputeNormalization(&datasets.Split{N: s.N, T: s.T, D: s.D, X: s.X})
	return n.Mean, n.ScaleStd()
}
