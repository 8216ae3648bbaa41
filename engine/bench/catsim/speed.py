"""catsim's side of the speed comparison: the 1000 x 20 simulation with maximum information
selection and catsim's MLE (its only estimator), start at 0, on the same bank and population as
`tremplin-sim --stop length:20 --estimate mle`. Prints one JSON object."""
import csv
import json
import sys
import time

import numpy
from catsim.estimation.numerical import NumericalSearchEstimator
from catsim.initialization.initialization import FixedPointInitializer
from catsim.selection.selection import MaxInfoSelector
from catsim.simulation import Simulator
from catsim.stopping.stopping import TestLengthStopper


def main(bank: str, population: str, length: int) -> None:
    with open(bank, newline="") as f:
        items = numpy.array(
            [[float(r["a"]), float(r["b"]), float(r["c"]), 1.0] for r in csv.DictReader(f)]
        )
    with open(population, newline="") as f:
        thetas = numpy.array([float(r["theta"]) for r in csv.DictReader(f)])
    simulator = Simulator(items, thetas, seed=1)
    start = time.perf_counter()
    simulator.simulate(
        FixedPointInitializer(0.0),
        MaxInfoSelector(),
        NumericalSearchEstimator(),
        TestLengthStopper(max_items=length),
    )
    wall = time.perf_counter() - start
    estimates = numpy.array([e[-1] for e in simulator.estimations])
    rmse = float(numpy.sqrt(numpy.mean((estimates - thetas) ** 2)))
    print(json.dumps({"program": "catsim 0.21.0", "wall_ms": wall * 1000, "rmse": rmse}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
