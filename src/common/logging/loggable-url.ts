/**
 * A request URL as it may be logged: billing keys and customer keys, which pass through the mounted
 * sandbox's paths and test controls (`/sandbox/toss/v1/billing/{billingKey}`,
 * `/sandbox/toss/test/billing/{billingKey}/delete`, `?billingKey=`, `?customerKey=`), are replaced
 * by a placeholder: both are secrets (docs/architecture.md, "The billing-key vault").
 */
export function loggableUrl(url: string): string {
  return url
    .replace(
      /(\/sandbox\/toss\/(?:v1|test)\/billing\/)(?!(?:authorizations|authorize)(?:[/?#]|$))[^/?#]+/g,
      '$1{billingKey}',
    )
    .replace(/([?&](?:billingKey|customerKey)=)[^&#]*/g, '$1{redacted}');
}
