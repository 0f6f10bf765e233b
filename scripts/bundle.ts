// npm run bundle [-- <vendor>...]: redocly bundle each spec to generated/<vendor>/openapi.json,
// the single artifact the mock, the docs and the types are made from.
import { bundleVendor } from './lib/bundle.js';
import { selectVendors } from '../src/spec/project.js';
import { main } from './lib/run.js';

main(async () => {
  for (const vendor of selectVendors(process.argv.slice(2))) {
    await bundleVendor(vendor);
    console.log(`✔ ${vendor.name}: ${vendor.bundlePath}`);
  }
});
