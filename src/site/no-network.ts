// Loaded first in Astro's process (build-site.ts): the site is built without any request.
import { refuseOtherRequests } from "../network.ts";

refuseOtherRequests();
