// The ClusterJobs module: Slurm batch scripts and submission. See docs/cluster.md.
