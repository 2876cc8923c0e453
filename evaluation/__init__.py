"""How right Vigie is: runs compared with a farm's ground truth, real pages with findings
written by hand."""
