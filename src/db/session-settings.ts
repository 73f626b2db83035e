/**
 * Settings for an API's short queries, given to every connection. JIT compilation and parallel
 * workers cost more to start than they save, and the workers would take the cores other requests
 * need. The catalogue fits in memory, where an index read costs about what a sequential one does:
 * with the default random_page_cost (4, for spinning disks) the planner scans whole tables to count
 * a broad search instead of reading its index.
 */
export const SESSION_SETTINGS = '-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1';
