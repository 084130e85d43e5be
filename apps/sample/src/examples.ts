import { SEED } from "./seed.js";

/**
 * Example curl commands against a running server, using the seeded records.
 *
 * @example console.log(exampleCurls("http://127.0.0.1:3000").join("\n"))
 */
export function exampleCurls(url: string): string[] {
  const json = `-H 'content-type: application/json'`;
  const customLink = JSON.stringify({
    product: { product_id: SEED.product },
    helloModuleService: { my_custom_id: SEED.custom },
    data: { metadata: { note: "gift" } },
  });
  const brandLink = JSON.stringify({ product: { product_id: SEED.product }, brand: { brand_id: SEED.brand } });
  return [
    `curl ${url}/products`,
    `curl -X POST ${url}/links ${json} -d '${customLink}'`,
    `curl -X POST ${url}/links ${json} -d '${brandLink}'`,
    `curl ${url}/products/${SEED.product}/links`,
    `curl '${url}/catalog/products?fields=id,title,brand.name,my_custom.name,my_custom.link.metadata&order=brand.name'`,
    `curl '${url}/catalog/products?brand=Acme&fields=id,title,product_variants.sku'`,
    `curl '${url}/catalog/brands?fields=id,name,products.title'`,
    `curl -X POST ${url}/links/dismiss ${json} -d '${brandLink}'`,
    `curl -X DELETE ${url}/products/${SEED.product}`,
    `curl '${url}/customs?withDeleted=true'`,
    `curl -X POST ${url}/products/${SEED.product}/restore`,
  ];
}
