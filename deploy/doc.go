// Package deploy holds no code: it is the home of the files that run a warpkit suite on a
// cluster (slurm/ for Slurm, kubernetes/ for Kubernetes) and of the test that checks the
// Kubernetes manifests agree with each other, with the Dockerfile and with the command line
// the shards and the report rely on, since no Kubernetes cluster runs where the tests do.
package deploy
