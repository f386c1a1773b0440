package org.camsink.lambda.lists;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.camsink.blocklists.catalogue.Catalogue;
import org.camsink.blocklists.catalogue.CatalogueException;
import org.camsink.blocklists.catalogue.VendorList;
import org.camsink.lambda.http.Json;

/** The {@code GET /v1/lists} document: metadata of the bundled catalogue, built and serialised once at init. */
public final class ListsCatalogue {
    private final byte[] json;

    public ListsCatalogue(List<VendorList> lists) {
        ObjectNode document = Json.object();
        ArrayNode out = document.putArray("lists");
        for (VendorList list : lists) {
            ObjectNode o = out.addObject();
            o.put("id", list.id());
            o.put("vendor", list.vendor());
            ArrayNode products = o.putArray("products");
            if (list.products() != null) {
                list.products().forEach(products::add);
            }
            o.put("operatorCountry", list.operatorCountry());
            o.put("description", list.why());
            o.put("action", list.action());
            o.put("reviewed", list.reviewed() == null ? null : list.reviewed().toString());
            o.put("entries", list.entries().size());
            o.put("domains", list.domains().size());
            o.put("cidrs", list.cidrs().size());
        }
        this.json = Json.bytes(document);
    }

    /** The bundled lists; a broken bundle is a build error, so it fails loudly at init. */
    public static ListsCatalogue builtins() {
        try {
            return new ListsCatalogue(Catalogue.builtins());
        } catch (CatalogueException e) {
            throw new IllegalStateException("bundled catalogue is broken: " + e.getMessage(), e);
        }
    }

    /** The document as JSON bytes, written once; callers must not modify the array. */
    public byte[] json() {
        return json;
    }
}
