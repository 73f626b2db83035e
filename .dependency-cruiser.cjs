/**
 * The import rules of DESIGN.md, checked in `npm test` (npm run lint:deps). Features are the rooms
 * that hold the domain; infrastructure (shared, db, graphql, http) serves them and the app
 * composes them.
 */
const FEATURES = '^src/(catalogue|units|dossiers|statistics|importer|opendata|portal)/';

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'A module must not import itself, through any chain of imports.', from: {}, to: { circular: true } },
    {
      name: 'shared-and-db-import-no-feature',
      severity: 'error',
      comment: 'shared/ and db/ are vocabulary and plumbing every room may use; they know no feature, nor the GraphQL, HTTP or app layers.',
      from: { path: '^src/(shared|db)/' },
      to: { path: [FEATURES, '^src/(graphql|http|app)/'] },
    },
    {
      name: 'graphql-imports-no-feature',
      severity: 'error',
      comment: 'graphql/ builds and guards the schema the features declare; the app lists the resolvers.',
      from: { path: '^src/graphql/' },
      to: { path: [FEATURES, '^src/(http|app)/'] },
    },
    {
      name: 'features-import-neither-http-nor-app',
      severity: 'error',
      comment: 'Services know nothing of HTTP, and only the app composes.',
      from: { path: FEATURES },
      to: { path: '^src/(http|app)/' },
    },
    {
      name: 'http-server-and-plugins-import-no-feature',
      severity: 'error',
      comment: 'The server and its plugins serve any app; routes call the services the app gives them.',
      from: { path: '^src/http/(server\\.ts|plugins/)' },
      to: { path: [FEATURES, '^src/app/'] },
    },
    {
      name: 'http-imports-no-app',
      severity: 'error',
      comment: 'The app gives the server its routes, not the other way round.',
      from: { path: '^src/http/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'production-never-imports-seeds-tools-or-tests',
      severity: 'error',
      comment: 'Seeds, tools and tests are not in the production build.',
      from: { path: '^src/' },
      to: { path: '^(seeds|tools|test)/' },
    },
    {
      name: 'migrations-import-no-code',
      severity: 'error',
      comment: 'A migration is frozen when it lands: it must not change when the code it would import does.',
      from: { path: '^migrations/' },
      to: { path: '^(src|seeds|tools|test)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|scratch|coverage)/' },
  },
};
